#include "mailscope/store/schema.hpp"

#include <string>

namespace ms {

namespace {

// Version 1: evidence, blobs, messages, recipients, attachments, locations, problems and the
// index queue. Raw bytes are kept per distinct byte string (blobs), so the same message
// found with different transport headers keeps every copy exactly.
const char* const k_schema_v1 = R"SQL(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE evidence(
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL,
  format TEXT NOT NULL,
  kind TEXT NOT NULL,
  size INTEGER NOT NULL DEFAULT 0,
  sha256 TEXT NOT NULL DEFAULT '',
  mtime INTEGER NOT NULL DEFAULT 0,
  custodian TEXT NOT NULL DEFAULT '',
  operator TEXT NOT NULL,
  tool_version TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  status TEXT NOT NULL,
  messages INTEGER NOT NULL DEFAULT 0,
  new_messages INTEGER NOT NULL DEFAULT 0,
  failures INTEGER NOT NULL DEFAULT 0,
  skipped INTEGER NOT NULL DEFAULT 0,
  error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX evidence_path ON evidence(path);

CREATE TABLE blobs(
  id INTEGER PRIMARY KEY,
  sha256 BLOB NOT NULL UNIQUE,
  size INTEGER NOT NULL,
  codec TEXT NOT NULL,
  data BLOB NOT NULL
);

CREATE TABLE messages(
  id INTEGER PRIMARY KEY,
  content_key BLOB NOT NULL UNIQUE,
  blob_id INTEGER NOT NULL REFERENCES blobs(id),
  message_id TEXT NOT NULL DEFAULT '',
  date INTEGER,
  tz_offset INTEGER NOT NULL DEFAULT 0,
  from_addr TEXT NOT NULL DEFAULT '',
  from_name TEXT NOT NULL DEFAULT '',
  subject TEXT NOT NULL DEFAULT '',
  in_reply_to TEXT NOT NULL DEFAULT '',
  refs TEXT NOT NULL DEFAULT '',
  thread_id INTEGER,
  size INTEGER NOT NULL,
  has_attachment INTEGER NOT NULL DEFAULT 0,
  flags INTEGER NOT NULL DEFAULT 0,
  warnings TEXT NOT NULL DEFAULT '',
  imported_at INTEGER NOT NULL,
  first_evidence INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX messages_first_evidence ON messages(first_evidence);
CREATE INDEX messages_message_id ON messages(message_id);
CREATE INDEX messages_date ON messages(date);
CREATE INDEX messages_thread ON messages(thread_id);
CREATE INDEX messages_from ON messages(from_addr);

CREATE TABLE recipients(
  message_id INTEGER NOT NULL REFERENCES messages(id),
  kind TEXT NOT NULL,
  position INTEGER NOT NULL,
  addr TEXT NOT NULL,
  name TEXT NOT NULL
);
CREATE INDEX recipients_message ON recipients(message_id);
CREATE INDEX recipients_addr ON recipients(addr);

CREATE TABLE attachments(
  message_id INTEGER NOT NULL REFERENCES messages(id),
  position INTEGER NOT NULL,
  part TEXT NOT NULL,
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 BLOB NOT NULL,
  is_inline INTEGER NOT NULL
);
CREATE INDEX attachments_message ON attachments(message_id);

CREATE TABLE locations(
  id INTEGER PRIMARY KEY,
  message_id INTEGER NOT NULL REFERENCES messages(id),
  evidence_id INTEGER NOT NULL REFERENCES evidence(id),
  locator TEXT NOT NULL,
  folder TEXT NOT NULL,
  custodian TEXT NOT NULL,
  flags INTEGER NOT NULL,
  header_message_id TEXT NOT NULL DEFAULT '',
  blob_id INTEGER NOT NULL REFERENCES blobs(id),
  UNIQUE(evidence_id, locator)
);
CREATE INDEX locations_message ON locations(message_id);

CREATE TABLE problems(
  id INTEGER PRIMARY KEY,
  evidence_id INTEGER NOT NULL REFERENCES evidence(id),
  locator TEXT NOT NULL,
  reason TEXT NOT NULL,
  skipped INTEGER NOT NULL,
  blob_id INTEGER REFERENCES blobs(id),
  UNIQUE(evidence_id, locator)
);

CREATE TABLE pending_index(message_id INTEGER PRIMARY KEY);
)SQL";

// Version 2: the phrase library's results. Flags are per rule-set version; a message is
// scanned once per version (scans), personal mail is recorded there and counted, not flagged.
const char* const k_schema_v2 = R"SQL(
CREATE TABLE flags(
  id INTEGER PRIMARY KEY,
  message_id INTEGER NOT NULL REFERENCES messages(id),
  policy TEXT NOT NULL,
  rule TEXT NOT NULL,
  tier TEXT NOT NULL,
  category TEXT NOT NULL,
  field TEXT NOT NULL,
  start INTEGER NOT NULL,
  end INTEGER NOT NULL,
  matched TEXT NOT NULL,
  snippet TEXT NOT NULL,
  version TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE(message_id, policy, rule, field, start, version)
);
CREATE INDEX flags_message ON flags(message_id);
CREATE INDEX flags_version ON flags(version, tier);

CREATE TABLE scans(
  message_id INTEGER NOT NULL REFERENCES messages(id),
  version TEXT NOT NULL,
  personal INTEGER NOT NULL,
  flags INTEGER NOT NULL,
  scanned_at INTEGER NOT NULL,
  PRIMARY KEY(message_id, version)
) WITHOUT ROWID;

CREATE TABLE notifications(
  id INTEGER PRIMARY KEY,
  flag_id INTEGER NOT NULL UNIQUE REFERENCES flags(id),
  created_at INTEGER NOT NULL,
  read_at INTEGER
);

CREATE TABLE retained(
  message_id INTEGER PRIMARY KEY REFERENCES messages(id),
  since INTEGER NOT NULL,
  policy TEXT NOT NULL,
  rule TEXT NOT NULL
);
)SQL";

// Version 3: the decoded texts of each message (subject, body, text attachments), kept so
// that scans and index rebuilds need not parse the MIME again. Derived data: a message
// without a row is parsed from its raw bytes instead.
const char* const k_schema_v3 = R"SQL(
CREATE TABLE texts(
  message_id INTEGER PRIMARY KEY REFERENCES messages(id),
  codec TEXT NOT NULL,
  data BLOB NOT NULL
);
)SQL";

// Version 4: the review of flags: each appeal and decision, with who took it and why. The
// flag's own status is the latest step's outcome.
const char* const k_schema_v4 = R"SQL(
CREATE TABLE reviews(
  id INTEGER PRIMARY KEY,
  flag_id INTEGER NOT NULL REFERENCES flags(id),
  at INTEGER NOT NULL,
  person TEXT NOT NULL,
  role TEXT NOT NULL,
  action TEXT NOT NULL,
  note TEXT NOT NULL,
  status TEXT NOT NULL
);
CREATE INDEX reviews_flag ON reviews(flag_id);
)SQL";

// Version 5: learning and participation. Flags carry the context model's score (the
// likelihood that the hit is a false positive; NULL: not scored) and a mark when it is a
// likely one; the models themselves (one per rule and one pooled over all rules); terms that
// employees propose, their votes and compliance's decision.
const char* const k_schema_v5 = R"SQL(
ALTER TABLE flags ADD COLUMN fp_score REAL;
ALTER TABLE flags ADD COLUMN likely_fp INTEGER NOT NULL DEFAULT 0;

CREATE TABLE context_models(
  key TEXT PRIMARY KEY,
  trained_at INTEGER NOT NULL,
  confirmed INTEGER NOT NULL,
  dismissed INTEGER NOT NULL,
  used INTEGER NOT NULL,
  reason TEXT NOT NULL,
  model TEXT NOT NULL
);

CREATE TABLE proposals(
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  term TEXT NOT NULL,
  policy TEXT NOT NULL,
  rule TEXT NOT NULL,
  reason TEXT NOT NULL,
  proposed_by TEXT NOT NULL,
  proposed_at INTEGER NOT NULL,
  status TEXT NOT NULL,
  decided_by TEXT NOT NULL DEFAULT '',
  decided_at INTEGER,
  note TEXT NOT NULL DEFAULT ''
);

CREATE TABLE votes(
  proposal_id INTEGER NOT NULL REFERENCES proposals(id),
  person TEXT NOT NULL,
  vote INTEGER NOT NULL,
  at INTEGER NOT NULL,
  comment TEXT NOT NULL DEFAULT '',
  PRIMARY KEY(proposal_id, person)
) WITHOUT ROWID;
)SQL";

// Version 6: the chain of custody. One row per source per import run (re-imports and runs
// that found the source already imported included), with who ran it (OS login and the
// directory person acted as), where (host), with which build, and the hash seen at that
// moment. Rows are only ever inserted; `mailscope verify --custody` lists them.
const char* const k_schema_v6 = R"SQL(
CREATE TABLE custody(
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  evidence_id INTEGER REFERENCES evidence(id),
  action TEXT NOT NULL,
  login TEXT NOT NULL,
  person TEXT NOT NULL DEFAULT '',
  host TEXT NOT NULL,
  tool_version TEXT NOT NULL,
  command TEXT NOT NULL DEFAULT '',
  path TEXT NOT NULL,
  format TEXT NOT NULL,
  kind TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  outcome TEXT NOT NULL
);
CREATE INDEX custody_evidence ON custody(evidence_id);
)SQL";

// Version 7: a sharded index. One row per Xapian shard, in the order search opens them (the
// merged docid is interleaved by that order). By date a shard holds [date_from, next from);
// by custodian shard_custodians says where each custodian's mail goes. remote: host:port of a
// `mailscope serve-shard` server, else the shard is CASE/shards/NN. No rows: one index/.
const char* const k_schema_v7 = R"SQL(
CREATE TABLE shards(
  shard INTEGER PRIMARY KEY,
  date_from INTEGER,
  remote TEXT,
  timeout_ms INTEGER NOT NULL DEFAULT 30000
);
CREATE TABLE shard_custodians(
  custodian TEXT PRIMARY KEY,
  shard INTEGER NOT NULL REFERENCES shards(shard)
);
)SQL";

} // namespace

Result<int> schema_version(Db& db) {
    MS_TRY_ASSIGN(st, db.prepare("SELECT count(*) FROM sqlite_master WHERE name='meta'"));
    MS_TRY_ASSIGN(row, st.step());
    if (!row || st.int64(0) == 0) return 0;
    MS_TRY_ASSIGN(q, db.prepare("SELECT value FROM meta WHERE key='schema_version'"));
    MS_TRY_ASSIGN(has, q.step());
    int v = has ? std::stoi(q.text(0)) : 0;
    if (v > k_schema_version)
        return fail(Errc::unsupported,
                    db.path() + ": case schema version " + std::to_string(v) +
                        " is newer than this mailscope understands (" +
                        std::to_string(k_schema_version) + ")",
                    "use a newer mailscope for this case");
    return v;
}

Result<void> migrate(Db& db) {
    MS_TRY_ASSIGN(v, schema_version(db));
    if (v == k_schema_version) return ok();
    MS_TRY_ASSIGN(tx, Transaction::begin(db));
    if (v == 0) {
        MS_TRY(db.exec(k_schema_v1));
        MS_TRY(db.exec("INSERT INTO meta(key, value) VALUES ('schema_version', '1')"));
        v = 1;
    }
    if (v == 1) {
        MS_TRY(db.exec(k_schema_v2));
        MS_TRY(db.exec("UPDATE meta SET value='2' WHERE key='schema_version'"));
        v = 2;
    }
    if (v == 2) {
        MS_TRY(db.exec(k_schema_v3));
        MS_TRY(db.exec("UPDATE meta SET value='3' WHERE key='schema_version'"));
        v = 3;
    }
    if (v == 3) {
        MS_TRY(db.exec(k_schema_v4));
        MS_TRY(db.exec("UPDATE meta SET value='4' WHERE key='schema_version'"));
        v = 4;
    }
    if (v == 4) {
        MS_TRY(db.exec(k_schema_v5));
        MS_TRY(db.exec("UPDATE meta SET value='5' WHERE key='schema_version'"));
        v = 5;
    }
    if (v == 5) {
        MS_TRY(db.exec(k_schema_v6));
        MS_TRY(db.exec("UPDATE meta SET value='6' WHERE key='schema_version'"));
        v = 6;
    }
    if (v == 6) {
        MS_TRY(db.exec(k_schema_v7));
        MS_TRY(db.exec("UPDATE meta SET value='7' WHERE key='schema_version'"));
        v = 7;
    }
    // Later versions add `if (v < N) { ALTER ...; UPDATE meta ... }` steps here.
    return tx.commit();
}

} // namespace ms
