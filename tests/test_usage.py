"""The mistakes people make, and the read commands at 80 columns and through a pipe: the real
CLI in-process (Typer's CliRunner) over a real SQLite store written by the store module, so
these run in seconds without OCR."""
from __future__ import annotations

import json
import re

import pytest
import typer.main
from typer.testing import CliRunner

from digitize import __version__, store
from digitize.cli import app
from digitize.models import Document, FieldValue, SourceFile

runner = CliRunner()
DOSSIER = "000.00.40.H56-240809-0027"
OTHER = "000.00.12.H38-250603-0001"


def invoke(*args, env=None):
    return runner.invoke(app, list(args), env={"COLUMNS": "80", **(env or {})})


def _doc(dossier, doc_type, key, value, flagged=False, reasons=()):
    d = Document(dossier, doc_type, 0.99, [(f"{dossier}/page1.png", 1)])
    d.fields = {key: FieldValue(key, value, 0.95, flagged, list(reasons), page=1, bbox=[1, 2, 3, 4])}
    d.status = "needs_review" if flagged else "ok"
    return d


@pytest.fixture
def db(tmp_path):
    """Two dossiers stored as a run stores them, one with a differs_from flag naming another document."""
    path = tmp_path / "d.db"
    database = store.open_store(path)
    run = store.start_run(database, str(tmp_path), 1)
    for dossier, docs in ((DOSSIER, [_doc(DOSSIER, "birth_certificate", "full_name", "NGUYỄN VĂN AN"),
                                     _doc(DOSSIER, "cccd", "full_name", "NGUYỄN VĂN ÂN", True,
                                          [f"differs_from:{DOSSIER}/1"])]),
                          (OTHER, [_doc(OTHER, "receipt", "dossier_code", OTHER)])):
        files = [SourceFile(f"/x/{dossier}/page1.png", f"{dossier}/page1.png", "0" * 64, 10, "png", 1)]
        store.save_dossier(database, run, dossier, f"/x/{dossier}", files, [], docs)
    store.finish_run(database, run, "done", dossiers=2, skipped=0, pages=2, documents=3, flagged=1,
                     failures=0, seconds=1.5)
    return path


# --- filters that match nothing --------------------------------------------------------------

@pytest.mark.parametrize("args, says", [
    (["--doc-type", "CCCD"], "did you mean cccd?"),
    (["--doc-type", "birth_certificate,cccd"], "one type at a time"),
    (["--status", "bogus"], "one of: ok, needs_review, reviewed, failed"),
    (["--dossier", DOSSIER + "/"], f"did you mean {DOSSIER}?"),
])
def test_export_filters_that_match_nothing_say_why_and_exit_2(db, tmp_path, args, says):
    r = invoke("export", "--out", str(tmp_path / "r.jsonl"), "--db", str(db), *args)
    assert r.exit_code == 2, r.output
    assert says in r.output
    assert not (tmp_path / "r.jsonl").exists()


def test_unknown_type_lists_the_valid_ones(db, tmp_path):
    r = invoke("list", "--db", str(db), "--doc-type", "passport")
    assert r.exit_code == 2
    assert "birth_certificate" in r.output and "residence_confirmation" in r.output


def test_review_of_an_unknown_dossier_suggests_the_nearest(db):
    r = invoke("review", "--db", str(db), "--dossier", "000.00.40.H56-240809-0072")
    assert r.exit_code == 2, r.output
    assert f"did you mean {DOSSIER}?" in r.output


def test_export_whose_valid_filters_match_nothing_exits_2(db, tmp_path):
    r = invoke("export", "--out", str(tmp_path / "r.jsonl"), "--db", str(db), "--status", "reviewed")
    assert r.exit_code == 2 and "no document matches" in r.output


def test_the_valid_filter_values_are_in_help():
    r = invoke("export", "--help")
    assert "birth_certificate" in r.output and "needs_review" in r.output


# --- configuration ---------------------------------------------------------------------------

def test_a_missing_config_file_is_named(db, tmp_path):
    r = invoke("status", "--db", str(db), env={"DIGITIZE_CONFIG": str(tmp_path / "missing.toml")})
    assert r.exit_code == 2 and "missing.toml" in r.output and "does not exist" in r.output


def test_a_misspelt_key_is_named_with_the_right_one(db, tmp_path):
    conf = tmp_path / "d.toml"
    conf.write_text("[digitize]\nflag_treshold = 0.7\n")
    r = invoke("review", "--db", str(db), "--config", str(conf))
    assert r.exit_code == 2
    assert str(conf) in r.output and "flag_treshold" in r.output and "did you mean flag_threshold?" in r.output


def test_a_file_without_the_table_is_refused(db, tmp_path):
    conf = tmp_path / "d.toml"
    conf.write_text("flag_threshold = 0.7\n")
    r = invoke("review", "--db", str(db), "--config", str(conf))
    assert r.exit_code == 2 and "[digitize] table" in r.output


def test_a_toml_syntax_error_names_the_file(db, tmp_path):
    conf = tmp_path / "broken.toml"
    conf.write_text("[digitize]\njobs = = 2\n")
    r = invoke("review", "--db", str(db), "--config", str(conf))
    assert r.exit_code == 2 and "broken.toml" in r.output and "not valid TOML" in r.output


def test_a_bad_variable_is_named_and_does_not_break_status(db, tmp_path):
    r = invoke("run", str(tmp_path), "--db", str(db), env={"DIGITIZE_JOBS": "abc"})
    assert r.exit_code == 2
    assert "DIGITIZE_JOBS" in r.output and "whole number" in r.output and "invalid literal" not in r.output
    assert invoke("status", "--db", str(db), env={"DIGITIZE_JOBS": "abc"}).exit_code == 0


def test_a_value_out_of_range_is_named(db, tmp_path):
    conf = tmp_path / "d.toml"
    conf.write_text("[digitize]\nflag_threshold = 8\n")
    r = invoke("review", "--db", str(db), "--config", str(conf))
    assert r.exit_code == 2 and "flag_threshold must be from 0.0 to 1.0" in r.output


# --- ranges ----------------------------------------------------------------------------------

@pytest.mark.parametrize("jobs", ["-1", "0", "1000"])
def test_jobs_out_of_range_exit_2(tmp_path, jobs):
    r = invoke("run", str(tmp_path), "--db", str(tmp_path / "d.db"), "--jobs", jobs)
    assert r.exit_code == 2, r.output
    assert "--jobs" in r.output
    assert not (tmp_path / "d.db").exists()


def test_serve_port_out_of_range_exits_2(db):
    r = invoke("serve", "--db", str(db), "--port", "80000")
    assert r.exit_code == 2 and "65535" in r.output


def test_serve_on_a_port_in_use_says_so_and_exits_3(db):
    import socket

    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        r = invoke("serve", "--db", str(db), "--port", str(port))
    assert r.exit_code == 3, r.output
    assert f"port {port} is in use" in r.output


# --- run and samples -------------------------------------------------------------------------

def test_run_on_an_empty_root_warns(tmp_path):
    (tmp_path / "scans").mkdir()
    r = invoke("run", str(tmp_path / "scans"), "--db", str(tmp_path / "d.db"), "--quiet")
    assert r.exit_code == 0, r.output
    assert "warning: no dossier under" in r.output and "not mounted" in r.output


def test_run_given_a_file_asks_for_its_folder(tmp_path):
    (tmp_path / "scans").mkdir()
    f = tmp_path / "scans" / "x.pdf"
    f.write_bytes(b"%PDF-1.4\n")
    r = invoke("run", str(f), "--db", str(tmp_path / "d.db"))
    assert r.exit_code == 2 and "give the folder that holds it" in r.output and str(tmp_path / "scans") in r.output


def test_samples_into_a_file_or_with_a_negative_count_exit_2(tmp_path):
    f = tmp_path / "file"
    f.write_text("x")
    r = invoke("samples", str(f), "--count", "1")
    assert r.exit_code == 2 and "is a file" in r.output and "Traceback" not in r.output
    r = invoke("samples", str(tmp_path / "s"), "--count", "-1")
    assert r.exit_code == 2 and not (tmp_path / "s").exists()


def test_samples_into_an_unwritable_place_exit_2(tmp_path):
    (tmp_path / "file").write_text("x")  # a place no one can write into, root included
    r = invoke("samples", str(tmp_path / "file" / "s"), "--count", "1")
    assert r.exit_code == 2, r.output
    assert "cannot write samples" in r.output


def test_a_second_seed_does_not_overwrite_the_first_ones_truth(tmp_path):
    out = tmp_path / "s"
    assert invoke("samples", str(out), "--count", "1", "--seed", "1", "--no-defects").exit_code == 0
    first = (out / "truth.jsonl").read_bytes()
    r = invoke("samples", str(out), "--count", "1", "--seed", "2")
    assert r.exit_code == 2 and "would overwrite" in r.output
    assert (out / "truth.jsonl").read_bytes() == first


# --- read commands at 80 columns, through a pipe, and as JSON --------------------------------

def test_status_through_a_pipe_keeps_dates_whole(db):
    r = invoke("status", "--db", str(db))
    assert r.exit_code == 0
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d", r.output), r.output
    assert "…" not in r.output
    assert all(len(line) <= 80 for line in r.output.splitlines())


def test_show_keeps_the_document_a_reason_names(db):
    r = invoke("show", f"{DOSSIER}/2", "--db", str(db))
    assert r.exit_code == 0
    assert "…" not in r.output
    assert f"differs_from:{DOSSIER}/1" in "".join(line.split("│")[5].strip() for line in r.output.splitlines()
                                                   if line.count("│") == 6)


def test_every_read_command_has_json(db):
    status = json.loads(invoke("status", "--db", str(db), "--json").output)
    assert status["documents"]["cccd"] == {"needs_review": 1} and status["flagged_fields"] == 1
    assert status["runs"][0]["status"] == "done"
    rows = [json.loads(x) for x in invoke("list", "--db", str(db), "--json").output.splitlines()]
    assert {r["id"] for r in rows} == {f"{DOSSIER}/1", f"{DOSSIER}/2", f"{OTHER}/1"}
    assert json.loads(invoke("show", f"{DOSSIER}/1", "--db", str(db), "--json").output)["id"] == f"{DOSSIER}/1"
    r = invoke("audit", "log", "--db", str(db), "--json")
    assert r.exit_code == 0 and r.output == ""  # no decisions yet: no lines


# --- the CLI itself --------------------------------------------------------------------------

def test_version():
    r = invoke("--version")
    assert r.exit_code == 0 and r.output.strip() == f"digitize {__version__}"


def _commands(group, prefix=()):
    for name, cmd in group.commands.items():
        if hasattr(cmd, "commands"):
            yield from _commands(cmd, (*prefix, name))
        else:
            yield (*prefix, name)


def test_every_command_has_help_with_an_example_and_no_type_noise():
    commands = list(_commands(typer.main.get_command(app)))
    assert len(commands) >= 14
    for cmd in commands:
        r = invoke(*cmd, "--help")
        assert r.exit_code == 0, cmd
        assert "Example" in r.output, cmd
        assert "<bool>" not in r.output, cmd


def test_usage_errors_exit_2():
    assert invoke("run").exit_code == 2
    assert invoke("nonsense").exit_code == 2
    assert invoke("export", "--format", "xml", "--out", "x").exit_code == 2


# --- a reviewer's decision -------------------------------------------------------------------

def test_correcting_one_id_of_a_pair_one_digit_apart_clears_the_other_side(tmp_path):
    from digitize import review

    database = store.open_store(tmp_path / "d.db")
    run = store.start_run(database, str(tmp_path), 1)
    card = _doc(DOSSIER, "cccd", "personal_id", "046180921745", True, [f"id_differs_from:{DOSSIER}/2"])
    form = _doc(DOSSIER, "application_form", "applicant_personal_id", "048180921745", True,
                [f"id_differs_from:{DOSSIER}/1"])
    files = [SourceFile(f"/x/{DOSSIER}/page1.png", f"{DOSSIER}/page1.png", "0" * 64, 10, "png", 1)]
    store.save_dossier(database, run, DOSSIER, f"/x/{DOSSIER}", files, [], [card, form])
    review.decide(database, review.get(database, f"{DOSSIER}/1", "personal_id"), review.CORRECT, "lan",
                  "048180921745")
    other = review.get(database, f"{DOSSIER}/2", "applicant_personal_id")
    assert not other.flagged and other.reasons == []
