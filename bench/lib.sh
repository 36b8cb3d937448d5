# shellcheck shell=bash
# Shared shell helpers for the benchmarks in bench/ (sourced, not run).
# Messages meant for the reader of the results go to stdout; progress goes to stderr so that
# results.txt holds the results only.

# Progress line on stderr.
note() { printf '%s\n' "bench: $*" >&2; }

# Fatal harness error (exit 2: the benchmark could not run, as opposed to a missed target).
die() {
    printf '%s\n' "bench: error: $*" >&2
    exit 2
}

# rm -rf, but only below the benchmark's own work directory ($work, set by the caller).
# shellcheck disable=SC2154
safe_rm() {
    local p
    for p in "$@"; do
        case "$p" in
        "$work"/?*) rm -rf -- "$p" ;;
        *) die "refusing to delete '$p' (outside $work)" ;;
        esac
    done
}

# need CMD HINT: fail unless CMD can be run.
need() {
    command -v "$1" >/dev/null 2>&1 || die "'$1' not found; $2"
}

# Reads the whole tree once so that every tool starts with the same warm page cache.
# (Dropping the cache needs root and disturbs other users of the machine; warming it does not.)
warm_cache() {
    find "$1" -type f -print0 | xargs -0 cat >/dev/null
}

# timed OUT_FILE LOG_FILE CMD...: runs CMD under GNU time; OUT_FILE gets "wall_s max_rss_kib".
# The tool's own output goes to LOG_FILE. Returns the tool's exit status.
timed() {
    local out=$1 log=$2
    shift 2
    /usr/bin/time -f '%e %M' -o "$out" "$@" >"$log" 2>&1
}

# First line of a command's output, or "?" when it fails.
first_line() { { "$@" 2>&1 || true; } | head -n 1; }

# corpus_root NAME: prints the folder $corpora/NAME.tar.zst extracts to (.../NAME), extracting
# it once into $work/corpora/ for every benchmark; Enron reuses the copy bench/import.sh
# extracted when it is of the same archive. ($corpora and $work are set by the caller.)
# shellcheck disable=SC2154
corpus_root() {
    local name=$1 archive=$corpora/$1.tar.zst dir=$work/corpora/$1 stamp
    [ -f "$archive" ] || die "$archive not found (set MAILSCOPE_CORPORA)"
    stamp="$(stat -c '%s %Y' "$archive") $archive"
    if [ "$name" = enron ] && [ "$(cat "$work/corpus.stamp" 2>/dev/null)" = "$stamp" ] &&
        [ -d "$work/corpus/enron/maildir" ]; then
        printf '%s\n' "$work/corpus/enron"
        return
    fi
    if [ "$(cat "$dir.stamp" 2>/dev/null)" != "$stamp" ] || [ ! -d "$dir/$name" ]; then
        note "extracting $archive"
        safe_rm "$dir.stamp" "$dir" "$dir.tmp"
        mkdir -p "$dir.tmp"
        tar --zstd -xf "$archive" -C "$dir.tmp"
        mv "$dir.tmp" "$dir"
        printf '%s\n' "$stamp" >"$dir.stamp"
    fi
    printf '%s\n' "$dir/$name"
}
