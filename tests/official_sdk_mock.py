#!/usr/bin/env python3
"""Huawei's official Python SDKs against the mock program, over loopback (CI runs this).

The operations come from the SDK packages, not from a list of ours: for each service in spec/
(its x-service, e.g. ddm), every client class of the SDK package huaweicloudsdk<service>
(huaweicloudsdkddm.v1.DdmClient, ...) is enumerated, and each operation's HTTP method and
resource path are read from its `_<op>_http_info` method. Each is matched against the spec's
operations by method and path template (parameter names aside). Every SDK operation the spec has
is called, with AK/SK credentials and an endpoint of scheme, host and port only (as the SDKs keep
nothing else), with the spec's documented request values: path and query parameters from their
examples, the body from each of the operation's request examples. Each call must succeed (2xx,
its body parsed by the SDK into its response type).

A spec operation no SDK operation matched fails the run, unless the SDK truly lacks it (no
SDK operation of its x-sdk-name either): that is printed as "not in SDK".

The script starts the mock program itself (`cargo run -p huaweicloud-restore-mock`, or the
program given with --mock PATH) on a free port with --ak/--sk, and stops it at the end, even on
failure.

Needs: huaweicloudsdkcore, huaweicloudsdkddm, huaweicloudsdkrds, huaweicloudsdkcbr (PyPI, the
versions .ci/run installs) and PyYAML.
"""

import argparse
import glob
import importlib
import inspect
import os
import pkgutil
import re
import signal
import subprocess
import sys
import threading
import warnings

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
AK, SK = "MOCKAKOFFICIALSDK", "mock-sk-official-sdk"
METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


def template_key(method, path):
    """A method and path template, parameter names aside: ('GET', '/v3/{}/jobs')."""
    return method.upper(), re.sub(r"\{[^}/]*\}", "{}", path)


def spec_operations():
    """Every operation of every spec/*.yaml, with what a call needs."""
    ops = []
    for f in sorted(glob.glob(os.path.join(ROOT, "spec", "*.yaml"))):
        with open(f, encoding="utf-8") as fh:
            doc = yaml.safe_load(fh)
        service = doc["info"]["x-service"]
        for path, item in doc.get("paths", {}).items():
            shared = item.get("parameters", [])
            for method, op in item.items():
                if method not in METHODS:
                    continue
                params = shared + op.get("parameters", [])
                body = (op.get("requestBody") or {}).get("content", {}).get("application/json", {})
                bodies = [e["value"] for e in (body.get("examples") or {}).values() if "value" in e]
                if not bodies and "example" in body:
                    bodies = [body["example"]]
                ops.append({
                    "service": service,
                    "id": op.get("operationId"),
                    "sdk_name": op.get("x-sdk-name"),
                    "method": method.upper(),
                    "path": path,
                    "params": params,
                    "bodies": bodies,
                    "has_body": "requestBody" in op,
                })
    return ops


class _Probe:
    """A stand-in request: `_<op>_http_info` reads only its attribute map."""
    attribute_map = {}


def sdk_operations(service):
    """{(method, template): op} for every operation of every client class of the service's
    SDK package, with its client class and request class."""
    package = importlib.import_module(f"huaweicloudsdk{service}")
    found = {}
    names = set()
    for sub in pkgutil.iter_modules(package.__path__):
        if not re.fullmatch(r"v\d+(_\d+)?", sub.name):
            continue
        module = importlib.import_module(f"{package.__name__}.{sub.name}")
        clients = [c for n, c in vars(module).items() if inspect.isclass(c) and n.endswith("Client") and not n.endswith("AsyncClient")]
        for client in clients:
            for attr in dir(client):
                m = re.fullmatch(r"_([a-z0-9_]+)_http_info", attr)
                if not m or not callable(getattr(client, m.group(1), None)):
                    continue
                op = m.group(1)
                info = getattr(client, attr)(_Probe())
                # The request class, as the public method's documentation names it.
                doc = inspect.getdoc(getattr(client, op)) or ""
                r = re.search(r":type request: :class:`([\w.]+)`", doc)
                request_class = getattr(module, r.group(1).rsplit(".", 1)[-1], None) if r else None
                entry = {
                    "name": op,
                    "sdk_name": "".join(w.capitalize() for w in op.split("_")),
                    "client": client,
                    "module": module,
                    "method": info["method"],
                    "path": info["resource_path"],
                    "request_class": request_class,
                }
                names.add(entry["sdk_name"].lower())
                found.setdefault(template_key(info["method"], info["resource_path"]), []).append(entry)
    return found, names


def example_of(param):
    """The documented example of a parameter (or its schema's), else None."""
    if "example" in param:
        return param["example"]
    return (param.get("schema") or {}).get("example")


def stand_in(param):
    """A value of a mandatory parameter the page gives no example for: its first enum value,
    its default, or one of its type."""
    schema = param.get("schema") or {}
    if schema.get("enum"):
        return schema["enum"][0]
    if "default" in schema:
        return schema["default"]
    kind = schema.get("type")
    if kind in ("integer", "number"):
        return schema.get("minimum", 1)
    if kind == "boolean":
        return False
    return "x" * max(1, schema.get("minLength", 1))


def build_request(op, sdk, body, notes):
    """The SDK request of `op` with the documented values; and the project id to sign with.
    An optional parameter the SDK's request lacks is left out, with a note."""
    request = sdk["request_class"]()
    wire_to_attr = {wire: attr for attr, wire in request.attribute_map.items()}
    project_id = "0483b6b16e954cb88930a360d2c4e663"
    for p in op["params"]:
        if p.get("x-credential") or (p["in"] == "header" and p["name"].lower() == "x-auth-token"):
            continue
        value = example_of(p)
        if value is None:
            if not p.get("required"):
                continue
            value = stand_in(p)
        if p["in"] == "path" and p["name"] == "project_id":
            project_id = str(value)
            continue
        attr = wire_to_attr.get(p["name"])
        if attr is None and not p.get("required"):
            notes.add(f"{op['service']} {op['id']}: the SDK's {sdk['request_class'].__name__} lacks the optional {p['in']} parameter {p['name']} (left out)")
            continue
        if attr is None:
            raise RuntimeError(f"the SDK's {sdk['request_class'].__name__} has no parameter {p['in']} {p['name']}")
        setattr(request, attr, value)
    if body is not None:
        if "body" not in request.attribute_map:
            raise RuntimeError(f"the SDK's {sdk['request_class'].__name__} takes no body")
        # A plain dict: the SDK's serializer sends it as it is.
        request.body = body
    return request, project_id


def start_mock(program):
    """The mock program on a free port with --ak/--sk: its process and base URL."""
    args = ["--addr", "127.0.0.1:0", "--ak", AK, "--sk", SK]
    command = [program, *args] if program else ["cargo", "run", "--quiet", "-p", "huaweicloud-restore-mock", "--", *args]
    # A session of its own, so that stopping it stops cargo too if it is still building.
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True, start_new_session=True)
    first = []
    reader = threading.Thread(target=lambda: first.append(proc.stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout=900)
    line = first[0].strip() if first else ""
    m = re.fullmatch(r"listening on (http://[^/]+)/\{service\}", line)
    if not m:
        stop_mock(proc)
        raise RuntimeError(f"the mock did not start (first line {line!r})")
    # Drain the rest of its output, so that it never blocks on a full pipe.
    threading.Thread(target=proc.stdout.read, daemon=True).start()
    return proc, m.group(1)


def stop_mock(proc):
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=10)


def client_for(sdk, endpoint, project_id):
    from huaweicloudsdkcore.auth.credentials import BasicCredentials
    from huaweicloudsdkcore.http.http_config import HttpConfig

    config = HttpConfig.get_default_config()
    config.ignore_ssl_verification = True
    config.timeout = (5, 30)
    return (
        sdk["client"].new_builder()
        .with_http_config(config)
        .with_credentials(BasicCredentials(AK, SK, project_id))
        .with_endpoints([endpoint])
        .build()
    )


def run(program):
    from huaweicloudsdkcore.exceptions.exceptions import SdkException

    ops = spec_operations()
    if not ops:
        raise RuntimeError("spec/ has no operations")
    failures, not_in_sdk, unmatched, calls, notes = [], [], [], 0, set()
    sdks = {}
    for service in sorted({o["service"] for o in ops}):
        try:
            sdks[service] = sdk_operations(service)
        except ImportError as e:
            raise RuntimeError(f"the official SDK of {service} is not installed (pip install huaweicloudsdk{service}): {e}") from e
    proc, endpoint = start_mock(program)
    try:
        print(f"mock at {endpoint}; endpoint given to the SDKs: {endpoint} (scheme, host and port)")
        for op in ops:
            by_path, names = sdks[op["service"]]
            matches = by_path.get(template_key(op["method"], op["path"]), [])
            label = f"{op['service']} {op['id']} ({op['method']} {op['path']})"
            if not matches:
                if op["sdk_name"] and op["sdk_name"].lower() in names:
                    unmatched.append(f"{label}: the SDK has {op['sdk_name']} at another method or path")
                elif op["sdk_name"] is None:
                    unmatched.append(f"{label}: no SDK operation has this method and path, and the spec names no x-sdk-name")
                else:
                    not_in_sdk.append(label)
                continue
            for sdk in matches:
                if sdk["request_class"] is None:
                    failures.append(f"{label}: SDK {sdk['name']}: its request class is not found")
                    continue
                for body in op["bodies"] or [None]:
                    calls += 1
                    what = f"{label} via {sdk['client'].__name__}.{sdk['name']}" + (f" body #{op['bodies'].index(body) + 1}" if body is not None else "")
                    try:
                        request, project_id = build_request(op, sdk, body, notes)
                        response = getattr(client_for(sdk, endpoint, project_id), sdk["name"])(request)
                        status = getattr(response, "status_code", None)
                        if status is None or not 200 <= status < 300:
                            failures.append(f"{what}: status {status}")
                        else:
                            print(f"ok   {what}: {status} {type(response).__name__}")
                    except SdkException as e:
                        failures.append(f"{what}: {getattr(e, 'status_code', '?')} {getattr(e, 'error_code', '')} {getattr(e, 'error_msg', e)}")
                    except Exception as e:  # noqa: BLE001 (any failure is reported, not raised)
                        failures.append(f"{what}: {type(e).__name__}: {e}")
    finally:
        stop_mock(proc)
    for n in sorted(notes):
        print(f"note: {n}")
    for label in not_in_sdk:
        print(f"not in SDK: {label}")
    for u in unmatched:
        print(f"UNMATCHED {u}")
    for f in failures:
        print(f"FAILED {f}")
    print(f"{calls} calls of {len(ops)} spec operations, {len(failures)} failed, {len(unmatched)} unmatched, {len(not_in_sdk)} not in the SDK")
    if calls == 0:
        print("FAILED no SDK operation matched the spec")
        return 1
    return 1 if failures or unmatched else 0


def main():
    # The SDK warns of each example time it keeps as text (fractional seconds with an offset).
    warnings.filterwarnings("ignore", message="Unable to convert string to datetime")
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mock", help="the mock program to run (default: cargo run -p huaweicloud-restore-mock)")
    args = parser.parse_args()
    try:
        return run(args.mock)
    except RuntimeError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
