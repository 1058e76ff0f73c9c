"""What stops a DuckDB query running in another thread? Each way tried, on this DuckDB.

Issue 11: on DuckDB 2.0.1 the suite's slow test query stopped being stopped. This tries
every way a dashboard could stop a worker's query (interrupt the cursor running it,
interrupt its parent connection, close either) on two queries: the suite's old one (a
modulo filter over range(), which 2.0.1 answers in milliseconds without scanning) and one
that hashes every row (work no optimiser can skip).

    .venv/bin/python bench/repro_cancel.py
"""

from __future__ import annotations

import datetime
import threading
import time

import duckdb

PARAMS = {"p": datetime.date(2021, 8, 1)}
QUERIES = {
    "range-modulo": "SELECT count(*) FROM range(100000000000) t(x) WHERE x % 7 = month($p)",
    "hash-sum": "SELECT sum(hash(x + month($p)) % 13) FROM range(100000000000) t(x)",
}
HEAD_START = 0.3  # seconds the query runs before it is stopped


def start(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[threading.Thread, dict]:
    out: dict = {}
    began = time.monotonic()

    def work() -> None:
        try:
            con.execute(sql, PARAMS).fetchall()
            out["end"] = "finished"
        except duckdb.Error as exc:
            out["end"] = type(exc).__name__
        out["at"] = time.monotonic() - began

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    return thread, out


def main() -> None:
    print("duckdb", duckdb.__version__)
    for name, sql in QUERIES.items():
        cur = duckdb.connect().cursor()
        thread, out = start(cur, sql)
        thread.join(HEAD_START)
        alone = f"{out['end']} in {out['at'] * 1000:.1f} ms" if "at" in out else "still running"
        print(f"{name}: left alone for {HEAD_START} s: {alone}")
        if thread.is_alive():
            cur.interrupt()
            thread.join()
        for how in ("cursor.interrupt()", "parent.interrupt()", "cursor.close()", "parent.close()"):
            con = duckdb.connect()
            cur = con.cursor()
            thread, out = start(cur, sql)
            time.sleep(HEAD_START)
            stop = {
                "cursor.interrupt()": cur.interrupt,
                "parent.interrupt()": con.interrupt,
                "cursor.close()": cur.close,
                "parent.close()": con.close,
            }[how]
            try:
                stop()
                call = "returned"
            except duckdb.Error as exc:
                call = type(exc).__name__
            thread.join(2)
            if thread.is_alive():
                verdict = "query STILL RUNNING 2 s later"
                cur.interrupt()
                thread.join()
            elif out["at"] < HEAD_START:
                verdict = f"query had already finished ({out['at'] * 1000:.1f} ms)"
            else:
                verdict = (
                    f"query ended ({out['end']}) {(out['at'] - HEAD_START) * 1000:.1f} ms after the call"
                )
            print(f"  {how:20} call {call:24} {verdict}")


if __name__ == "__main__":
    main()
