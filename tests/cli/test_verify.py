"""mailscope verify: re-hashing the evidence and the stored messages, and the chain of custody.

A case is built from copies of real corpus files (an mbox, a second mbox, a PST and a folder of
Enron mail), so the sources can be tampered with. Every expected value is computed here with
hashlib, the zstd command and sqlite3, never taken from mailscope's output: the SHA-256 of each
source file, the folder's manifest (mailscope-import(1): SHA-256 over "<sha256>  <locator>\\n",
sorted by locator), the SHA-256 of the raw bytes of a stored message.
"""
import hashlib
import json
import os
import pwd
import shutil
import socket
import sqlite3
import subprocess
import tempfile
import unittest

import mstest
from mstest import ms

EXIT_DIFFERENCES = 1


def sha256_file(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def manifest(folder):
    """The manifest hash of a folder of one-message files, every file a message."""
    lines = []
    for rel in sorted(mstest.corpus_files(folder), key=lambda s: s.encode()):
        lines.append(sha256_file(os.path.join(folder, rel)) + "  " + rel + "\n")
    return hashlib.sha256("".join(lines).encode()).hexdigest()


def zstd(data, decompress=False):
    """zstd of a file, not of a pipe: only then does the frame record its content size, as
    the frames mailscope writes do."""
    with tempfile.NamedTemporaryFile() as f:
        f.write(data)
        f.flush()
        args = ["zstd", "-q", "-c"] + (["-d"] if decompress else []) + [f.name]
        return subprocess.run(args, capture_output=True, check=True).stdout


def records(run):
    return [r for r in run.json() if r.get("record") in ("difference", "note")]


class Verify(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        work = mstest.scratch("verify")
        src = os.path.join(work, "src")
        os.makedirs(src)
        mbox_root = mstest.corpus("mbox")
        pst_root = mstest.corpus("pst")
        enron = mstest.corpus("enron")
        cls.mbox = os.path.join(src, "complex.mbox")
        shutil.copy(os.path.join(mbox_root, "perceval-testdata/tests/data/mbox/mbox_complex.mbox"),
                    cls.mbox)
        cls.mbox2 = os.path.join(src, "april.mbox")
        shutil.copy(os.path.join(
            mbox_root, "perceval-testdata/tests/data/hyperkitty/hyperkitty_2016_april.mbox"),
            cls.mbox2)
        cls.pst = os.path.join(src, "test.pst")
        shutil.copy(os.path.join(pst_root, "aleph-ingest-file/testPST.pst"), cls.pst)
        cls.folder = os.path.join(src, "allen-p")
        sent = os.path.join(enron, "maildir/allen-p/_sent_mail")
        os.makedirs(cls.folder)
        for name in sorted(os.listdir(sent))[:25]:
            shutil.copy(os.path.join(sent, name), os.path.join(cls.folder, name))
        cls.sources = [cls.mbox, cls.mbox2, cls.pst, cls.folder]
        cls.hashes = {p: sha256_file(p) for p in cls.sources[:3]}
        cls.hashes[cls.folder] = manifest(cls.folder)
        cls.case = os.path.join(work, "case")
        cls.imported = ms("import", "--quiet", *cls.sources, case=cls.case)

    def test_1_clean_case_verifies(self):
        self.assertIn(self.imported.code, (0, 3), repr(self.imported))
        r = ms("verify", "--format", "json", case=self.case, check=0)
        self.assertEqual(records(r), [], repr(r))
        summary = r.json()[-1]
        self.assertEqual(summary["record"], "summary")
        self.assertEqual(summary["evidence"], 4)
        self.assertEqual(summary["evidence_ok"], 4)
        self.assertEqual(summary["differences"], 0)
        db = sqlite3.connect(os.path.join(self.case, "case.db"))
        blobs = db.execute("SELECT count(*) FROM blobs").fetchone()[0]
        messages = db.execute("SELECT count(*) FROM messages").fetchone()[0]
        db.close()
        self.assertGreater(blobs, 25)
        self.assertEqual(summary["blobs"], blobs)
        self.assertEqual(summary["messages"], messages)
        self.assertEqual(summary["index_docs"], messages)
        text = ms("verify", case=self.case, check=0)
        self.assertIn("verify: no differences", text.out)
        ms("verify", "--evidence-only", case=self.case, check=0)
        ms("verify", "--messages-only", case=self.case, check=0)
        r = ms("verify", "--evidence-only", "--messages-only", case=self.case)
        self.assertEqual(r.code, 2)

    def test_2_custody_records_each_import(self):
        version = ms("--version", check=0).out.strip()
        login = pwd.getpwuid(os.geteuid()).pw_name
        r = ms("verify", "--custody", "--format", "json", case=self.case, check=0)
        entries = [e for e in r.json() if e["record"] == "custody"]
        self.assertEqual([e["path"] for e in entries], self.sources)
        for e in entries:
            self.assertEqual(e["action"], "import")
            self.assertEqual(e["login"], login)
            self.assertEqual(e["host"], socket.gethostname())
            self.assertEqual(e["tool_version"], version)
            self.assertEqual(e["sha256"], self.hashes[e["path"]], e["path"])
            self.assertIn("import", e["command"])
        self.assertEqual(entries[2]["format"], "pst")
        self.assertEqual(entries[2]["size"], os.path.getsize(self.pst))
        self.assertEqual(entries[3]["kind"], "directory")
        csv_out = ms("verify", "--custody", "--format", "csv", case=self.case, check=0).out
        self.assertTrue(csv_out.startswith("record,seq,at,evidence_id,action,login,person,host,"))
        self.assertEqual(len(csv_out.strip().splitlines()), 5)

    def test_3_tampering_is_reported(self):
        mbox_text = open(self.mbox, "rb").read()
        flipped = bytearray(mbox_text)
        flipped[len(flipped) // 2] ^= 0x01
        pst_bytes = open(self.pst, "rb").read()
        cut = pst_bytes[:len(pst_bytes) // 2]
        victim = sorted(os.listdir(self.folder))[3]
        victim_path = os.path.join(self.folder, victim)
        victim_before = sha256_file(victim_path)
        with open(victim_path, "ab") as f:
            f.write(b"\nP.S. added later\n")
        with open(self.mbox, "wb") as f:
            f.write(bytes(flipped))
        with open(self.pst, "wb") as f:
            f.write(cut)
        os.remove(self.mbox2)

        # Two stored copies: one replaced by valid zstd of other bytes, one not zstd at all.
        db = sqlite3.connect(os.path.join(self.case, "case.db"))
        (a, a_sha, a_size, a_data), (b, b_sha) = (
            db.execute("SELECT id, sha256, size, data FROM blobs ORDER BY id LIMIT 1").fetchone(),
            db.execute("SELECT id, sha256 FROM blobs ORDER BY id DESC LIMIT 1").fetchone())
        original = zstd(a_data, decompress=True)
        self.assertEqual(hashlib.sha256(original).hexdigest(), a_sha.hex())  # what was stored
        self.assertEqual(len(original), a_size)
        forged = original.replace(b"Subject:", b"Subject: FWD", 1) + b"\n"
        db.execute("UPDATE blobs SET data=? WHERE id=?", (zstd(forged), a))
        db.execute("UPDATE blobs SET data=? WHERE id=?", (b"\x28\xb5\x2f\xfd broken", b))
        db.commit()
        db.close()

        r = ms("verify", "--format", "json", case=self.case)
        self.assertEqual(r.code, EXIT_DIFFERENCES, repr(r))
        got = {(x["record"], x["kind"], x["item"], x["problem"]): x for x in records(r)}
        want = {
            ("difference", "evidence", self.mbox, "modified"),
            ("difference", "evidence", self.pst, "size-changed"),
            ("difference", "evidence", self.pst, "modified"),
            ("note", "evidence", self.mbox2, "missing"),
            ("difference", "evidence", self.folder, "modified"),
            ("difference", "file", victim_path, "modified"),
            ("difference", "blob", f"blob {a}", "hash-mismatch"),
            ("difference", "blob", f"blob {a}", "size-mismatch"),
            ("difference", "blob", f"blob {b}", "corrupt"),
        }
        self.assertEqual(set(got), want, repr(r))

        def check(key, expected, found):
            self.assertEqual((got[key]["expected"], got[key]["found"]), (expected, found), key)

        check(("difference", "evidence", self.mbox, "modified"), self.hashes[self.mbox],
              hashlib.sha256(flipped).hexdigest())
        check(("difference", "evidence", self.pst, "modified"), self.hashes[self.pst],
              hashlib.sha256(cut).hexdigest())
        check(("difference", "evidence", self.pst, "size-changed"), str(len(pst_bytes)),
              str(len(cut)))
        check(("difference", "evidence", self.folder, "modified"), self.hashes[self.folder],
              manifest(self.folder))
        check(("difference", "file", victim_path, "modified"), victim_before,
              sha256_file(victim_path))
        self.assertEqual(got[("note", "evidence", self.mbox2, "missing")]["expected"],
                         self.hashes[self.mbox2])
        check(("difference", "blob", f"blob {a}", "hash-mismatch"), a_sha.hex(),
              hashlib.sha256(forged).hexdigest())
        check(("difference", "blob", f"blob {a}", "size-mismatch"), str(a_size),
              str(len(forged)))
        self.assertEqual(got[("difference", "blob", f"blob {b}", "corrupt")]["expected"],
                         b_sha.hex())
        summary = r.json()[-1]
        self.assertEqual(summary["differences"], 8)
        self.assertEqual(summary["evidence_missing"], 1)

        # Only the sources, or only the stored copies.
        ev = ms("verify", "--evidence-only", "--format", "json", case=self.case)
        self.assertEqual(ev.code, EXIT_DIFFERENCES)
        self.assertEqual({x["kind"] for x in records(ev)}, {"evidence", "file"})
        msgs = ms("verify", "--messages-only", "--format", "json", case=self.case)
        self.assertEqual(msgs.code, EXIT_DIFFERENCES)
        self.assertEqual({x["kind"] for x in records(msgs)}, {"blob"})

        text = ms("verify", case=self.case)
        self.assertEqual(text.code, EXIT_DIFFERENCES)
        self.assertIn("DIFFERENT evidence", text.out)
        self.assertIn(hashlib.sha256(flipped).hexdigest(), text.out)
        self.assertIn("verify: 8 differences found", text.out)

        # A re-import of the changed mbox is a new evidence, logged with the hash now seen.
        ms("import", "--quiet", self.mbox, case=self.case)
        cust = [e for e in ms("verify", "--custody", "--format", "json", case=self.case,
                              check=0).json()]
        self.assertEqual(len(cust), 5)
        self.assertEqual(cust[-1]["path"], self.mbox)
        self.assertEqual(cust[-1]["sha256"], hashlib.sha256(flipped).hexdigest())
        again = ms("verify", "--evidence-only", "--format", "json", case=self.case)
        kinds = {(x["item"], x["problem"]) for x in records(again)}
        self.assertIn((self.mbox, "superseded"), kinds)
        self.assertNotIn((self.mbox, "modified"), kinds)

        # The check itself is audited.
        log = [a for a in ms("audit", "log", "--format", "json", case=self.case, check=0).json()
               if a["action"] == "verify"]
        self.assertGreaterEqual(len(log), 1)


if __name__ == "__main__":
    mstest.main()
