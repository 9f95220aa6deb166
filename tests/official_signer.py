#!/usr/bin/env python3
"""Signatures made by Huawei's official Python signer (PyPI `huaweicloudsdkcore`), for ids and
query values outside the unreserved set. `tests/signing.rs` checks our signer against the
file this writes, so our signer is held against an independent one, not only against itself.

    python3 tests/official_signer.py           # recompute with the official signer and compare
    python3 tests/official_signer.py --write   # rewrite tests/data/official_signatures.json

The path is built as the official SDK builds it (each path value `quote(v, safe='')`), and the
request is signed by `huaweicloudsdkcore.signer.signer.Signer`, as the SDK does.
"""
import json
import os
import sys
from urllib.parse import quote

from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data", "official_signatures.json")
AK, SK = "HOSTILEIDSAK", "hostile-ids-secret-key"
DATE = "20261201T000000Z"
HOST = "ddm.ap-southeast-1.myhuaweicloud.com"
TEMPLATE = "/v3/{project_id}/instances/{instance_id}/backups/restorable-time-interval"

# (name, method, instance id, query pairs, body)
CASES = [
    ("plain", "GET", "1f5c9fd6cd984056ba89c8c87cc03278in09", [], ""),
    ("space", "GET", "inst 01", [], ""),
    ("slash", "GET", "a/b", [], ""),
    ("percent", "GET", "a%b", [], ""),
    ("already-encoded-looking", "GET", "a%2Fb", [], ""),
    ("plus", "GET", "a+b", [], ""),
    ("reserved", "GET", "a:b@c!d$e&f'g(h)i*j,k;l=m?n#o[p]", [], ""),
    ("unreserved", "GET", "~-_.", [], ""),
    ("non-ascii", "GET", "实例-é", [], ""),
    ("query", "GET", "i", [("offset", "0"), ("limit", "10"), ("name", "a b/c&d=e+f")], ""),
    ("repeated-query", "GET", "i", [("id", "b"), ("id", "a"), ("id", "a b")], ""),
    # Orders that differ decoded and encoded: `0` < `:` but `%3A` < `0`; `z` < `é` but `%C3%A9` < `z`.
    ("repeated-colon-digit", "GET", "i", [("id", ":"), ("id", "0")], ""),
    ("repeated-non-ascii", "GET", "i", [("id", "é"), ("id", "z")], ""),
    ("repeated-astral", "GET", "i", [("id", "\U0001F600"), ("id", "实"), ("id", "~"), ("id", "a:"), ("id", "a0")], ""),
    ("keys-colon-digit", "GET", "i", [("k:", "1"), ("k0", "2")], ""),
    ("keys-non-ascii", "GET", "i", [("é", "1"), ("z", "2")], ""),
    ("keys-and-values-mixed", "GET", "i",
     [("b", "é"), ("a:", "x"), ("b", "z"), ("a0", ":"), ("a0", "0"), ("b", " "), ("a", "1"), ("b", "")], ""),
    ("post-body", "POST", "x y/z", [], '{"source":{"backup_id":"b 1"}}'),
]


def sign(method, instance_id, query, body):
    path = TEMPLATE.replace("{project_id}", quote("p 1", safe="")).replace("{instance_id}", quote(instance_id, safe=""))
    headers = {
        "Host": HOST,
        "X-Sdk-Date": DATE,
        "Content-Type": "application/json;charset=UTF-8",
        "X-Project-Id": "p 1",
    }
    request = SdkRequest(method=method, schema="https", host=HOST, resource_path=path, uri=path,
                         query_params=list(query), header_params=headers, body=body)
    signed = Signer(BasicCredentials(AK, SK)).sign(request)
    auth = signed.header_params["Authorization"]
    fields = dict(part.strip().split("=", 1) for part in auth[len("SDK-HMAC-SHA256 "):].split(","))
    return {"path": path, "uri": signed.uri, "signed_headers": fields["SignedHeaders"], "signature": fields["Signature"]}


def vectors():
    out = []
    for name, method, instance_id, query, body in CASES:
        case = {
            "name": name, "method": method, "host": HOST, "date": DATE, "ak": AK, "sk": SK,
            "project_id": "p 1", "instance_id": instance_id, "query": [list(q) for q in query], "body": body,
        }
        case.update(sign(method, instance_id, query, body))
        out.append(case)
    return {"template": TEMPLATE, "cases": out}


def main():
    made = vectors()
    if sys.argv[1:] == ["--write"]:
        with open(DATA, "w", encoding="utf-8") as f:
            json.dump(made, f, ensure_ascii=False, indent=1)
            f.write("\n")
        print(f"wrote {len(made['cases'])} vectors to {DATA}")
        return 0
    with open(DATA, encoding="utf-8") as f:
        kept = json.load(f)
    failed = 0
    for want, got in zip(kept["cases"], made["cases"]):
        if want != got:
            failed += 1
            print(f"{want['name']}: the file has {want}, the official signer makes {got}")
    if len(kept["cases"]) != len(made["cases"]) or kept["template"] != made["template"]:
        failed += 1
        print("the file's cases are not the script's: run with --write")
    passed = len(made["cases"]) - failed
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
