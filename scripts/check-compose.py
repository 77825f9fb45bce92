#!/usr/bin/env python3
"""Structural check of docker-compose.yml (and the Dockerfile) without a container engine.

    python3 scripts/check-compose.py [--package PATH] [--compose PATH] [--dockerfile PATH]

Paths default to the files of the repository this script belongs to, whatever the current
directory. Exit status: 0 and "compose file OK" when every rule below holds; 1 with the list of
problems otherwise; 2 on a usage error or when PyYAML is missing.

Rules (docs/CONFIGURATION.md describes the configuration contract they encode):
  * the compose file parses (duplicate keys are errors, as in Compose) and has no `version:` key;
  * services: postgres, identity, enrollment, classes, assessment, certificates, gateway;
  * every one of the six app services is an executable product in Package.swift and vice versa
    (other products, such as rpc-bench or protoc-gen-pbcswift, are ignored); products are read
    from `.executable(name: "x"` and from `NAMES.map { .executable(name: $0.lowercased(), … }`
    over a `let NAMES = ["A", …]` string array literal;
  * each app service: `build`, image training-certification:dev, `command` starting with
    /app/<service>, a healthcheck, TLS_DIR, and ./.dev/certs mounted read-only at TLS_DIR;
  * each app service that sets METRICS_HOST sets it to 0.0.0.0 (else it is unreachable);
  * each RPC service: RPC_HOST 0.0.0.0, RPC_PORT from the port table, DATABASE_URL with its own
    user name, a password, host postgres and path /training, a --health-check healthcheck,
    depends_on postgres with condition service_healthy, and no published ports;
  * gateway: HTTP_HOST 0.0.0.0, the five *_ENDPOINTS pointing at <service>:<port>, port 8080
    published, a curl …/healthz healthcheck, depends_on all five with service_healthy;
  * postgres: postgres:15, pg_isready healthcheck, a named data volume, and
    ./scripts/db-init.sql (which must exist) mounted as /docker-entrypoint-initdb.d/10-init.sql;
  * the Dockerfile exists, installs libprotobuf-c1, libpq5 and libssl3, and names the six
    executables and the *.resources bundles.

Values are read after Compose-style interpolation as if no variable were set in the shell:
${VAR:-default} and ${VAR-default} give the default, ${VAR} gives "".
"""

import argparse
import os
import re
import shlex
import sys
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent

RPC_PORTS = {
    "identity": 7101,
    "enrollment": 7102,
    "classes": 7103,
    "assessment": 7104,
    "certificates": 7105,
}
GATEWAY = "gateway"
APP_SERVICES = list(RPC_PORTS) + [GATEWAY]
REQUIRED_SERVICES = ["postgres"] + APP_SERVICES
IMAGE = "training-certification:dev"
HTTP_PORT = 8080
CERTS_SOURCE = "./.dev/certs"
DB_INIT_SOURCE = "./scripts/db-init.sql"
DB_INIT_TARGET = "/docker-entrypoint-initdb.d/10-init.sql"
PG_DATA = "/var/lib/postgresql/data"
RUNTIME_LIBRARIES = ["libprotobuf-c1", "libpq5", "libssl3"]
LOG_LEVELS = {"trace", "debug", "info", "notice", "warning", "error", "critical"}
LOG_FORMATS = {"json", "text"}


# ------------------------------------------------------------------------------ Package.swift

def strip_swift_comments(source):
    """Removes // and /* */ comments, leaving string literals (e.g. https:// URLs) intact."""
    out = []
    i, n = 0, len(source)
    in_string = False
    while i < n:
        c = source[i]
        if in_string:
            out.append(c)
            if c == "\\" and i + 1 < n:
                out.append(source[i + 1])
                i += 2
                continue
            if c == '"':
                in_string = False
            i += 1
        elif c == '"':
            in_string = True
            out.append(c)
            i += 1
        elif source.startswith("//", i):
            end = source.find("\n", i)
            i = n if end < 0 else end
        elif source.startswith("/*", i):
            end = source.find("*/", i + 2)
            i = n if end < 0 else end + 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def string_arrays(code):
    """`let NAME = ["A", "B"]` (or `var`, optionally typed) array literals of strings, by name."""
    arrays = {}
    pattern = r'\b(?:let|var)\s+(\w+)\s*(?::\s*\[\s*String\s*\])?\s*=\s*\[([^\]]*)\]'
    for name, body in re.findall(pattern, code):
        arrays[name] = re.findall(r'"([^"]*)"', body)
    return arrays


def executable_products(package_text):
    """Executable product names: literal `.executable(name: "x"` declarations, and the
    `NAMES.map { .executable(name: $0.lowercased(), …) }` form over a string array literal."""
    code = strip_swift_comments(package_text)
    products = set(re.findall(r'\.executable\(\s*name:\s*"([^"]+)"', code))
    arrays = string_arrays(code)
    mapped = (r'\b(\w+)\s*\.map\s*\{\s*(?:(\w+)\s+in\s+)?'
              r'\.executable\(\s*name:\s*(\$0|\w+)(\.lowercased\(\))?\s*[,)]')
    for array, parameter, argument, lowercased in re.findall(mapped, code):
        if argument != (parameter or "$0") or array not in arrays:
            continue
        products.update(n.lower() if lowercased else n for n in arrays[array])
    return products


# ---------------------------------------------------------------------------- compose helpers

INTERPOLATION = re.compile(
    r"\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))"
)


def interpolate(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"

    def replace(m):
        if m.group(1):
            return "$"
        operator, argument = m.group(3), m.group(4)
        if operator in (":-", "-"):
            return argument
        return ""

    return INTERPOLATION.sub(replace, str(value))


def environment(service):
    env = service.get("environment")
    result = {}
    if isinstance(env, dict):
        for key, value in env.items():
            result[str(key)] = interpolate(value)
    elif isinstance(env, list):
        for item in env:
            key, sep, value = str(item).partition("=")
            result[key] = interpolate(value) if sep else None
    return result


def argv(value):
    """A command or healthcheck test as a list of strings."""
    if isinstance(value, str):
        try:
            return shlex.split(value)
        except ValueError:
            return [value]
    if isinstance(value, list):
        return [str(v) for v in value]
    return []


def healthcheck_argv(service):
    check = service.get("healthcheck")
    if not isinstance(check, dict) or check.get("disable") is True:
        return None
    test = check.get("test")
    if isinstance(test, list) and test:
        kind = str(test[0])
        if kind == "CMD":
            return [str(v) for v in test[1:]]
        if kind == "CMD-SHELL":
            return argv(" ".join(str(v) for v in test[1:]))
        if kind == "NONE":
            return None
        return [str(v) for v in test]
    if isinstance(test, str):
        return argv(test)
    return None


def mounts(service):
    """Volumes as (source, target, read_only) with interpolated strings."""
    result = []
    for volume in service.get("volumes") or []:
        if isinstance(volume, dict):
            result.append((
                interpolate(volume.get("source")),
                interpolate(volume.get("target")),
                volume.get("read_only") is True,
            ))
        else:
            parts = interpolate(volume).split(":")
            if len(parts) == 1:
                result.append((None, parts[0], False))
            else:
                modes = parts[2].split(",") if len(parts) > 2 else []
                result.append((parts[0], parts[1], "ro" in modes))
    return result


def same_path(a, b):
    return a is not None and b is not None and os.path.normpath(a) == os.path.normpath(b)


def published_ports(service):
    """Ports as (published, target) strings; published is None when Compose picks one."""
    result = []
    for port in service.get("ports") or []:
        if isinstance(port, dict):
            published = port.get("published")
            result.append((None if published is None else interpolate(published),
                           interpolate(port.get("target"))))
        else:
            spec = interpolate(port).split("/")[0]
            parts = spec.rsplit(":", 2)
            if len(parts) == 1:
                result.append((None, parts[0]))
            else:
                result.append((parts[-2], parts[-1]))
    return result


def dependencies(service):
    deps = service.get("depends_on")
    if isinstance(deps, list):
        return {str(d): "service_started" for d in deps}
    if isinstance(deps, dict):
        return {str(name): (spec or {}).get("condition", "service_started") if isinstance(spec, dict)
                else "service_started" for name, spec in deps.items()}
    return {}


def as_port(value):
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


# ----------------------------------------------------------------------------------- checks

def check_app_service(name, service, problems):
    p = lambda message: problems.append(f"{name}: {message}")

    build = service.get("build")
    if not build or (isinstance(build, dict) and not build.get("context")):
        p("no `build` (every app service builds the image from the Dockerfile: `build: .`)")
    if service.get("image") != IMAGE:
        p(f"image is {service.get('image')!r}, expected {IMAGE!r}")

    command = argv(service.get("command"))
    if not command or command[0] != f"/app/{name}":
        p(f"command must start with /app/{name} (found {service.get('command')!r})")

    test = healthcheck_argv(service)
    if test is None:
        p("no healthcheck")

    env = environment(service)
    for key, allowed in (("LOG_LEVEL", LOG_LEVELS), ("LOG_FORMAT", LOG_FORMATS)):
        if env.get(key) is not None and env[key] not in allowed:
            p(f"{key}={env[key]!r} is not one of {'|'.join(sorted(allowed))}")

    if env.get("METRICS_HOST") not in (None, "0.0.0.0"):
        p(f"METRICS_HOST must be 0.0.0.0 in a container (found {env.get('METRICS_HOST')!r})")

    tls_dir = env.get("TLS_DIR")
    if not tls_dir:
        p("no TLS_DIR in environment")
    else:
        certs = [m for m in mounts(service) if same_path(m[0], CERTS_SOURCE)]
        if not any(same_path(target, tls_dir) for _, target, _ in certs):
            p(f"{CERTS_SOURCE} is not mounted at TLS_DIR ({tls_dir})")
        elif not any(same_path(target, tls_dir) and ro for _, target, ro in certs):
            p(f"{CERTS_SOURCE} must be mounted read-only (:ro)")
    return env, test


def check_rpc_service(name, service, problems):
    p = lambda message: problems.append(f"{name}: {message}")
    env, test = check_app_service(name, service, problems)

    if test is not None and (not test or test[0] != f"/app/{name}" or "--health-check" not in test):
        p(f'healthcheck must run ["CMD", "/app/{name}", "--health-check"] (found {test!r})')

    if env.get("RPC_HOST") != "0.0.0.0":
        p(f"RPC_HOST must be 0.0.0.0 in a container (found {env.get('RPC_HOST')!r})")
    expected_port = RPC_PORTS[name]
    if as_port(env.get("RPC_PORT")) != expected_port:
        p(f"RPC_PORT must be {expected_port} (found {env.get('RPC_PORT')!r})")

    url = env.get("DATABASE_URL")
    if not url:
        p("no DATABASE_URL in environment")
    else:
        try:
            parts = urlsplit(url)
            user, password, host, path = parts.username, parts.password, parts.hostname, parts.path
            parts.port  # raises ValueError on a bad port
        except ValueError as error:
            p(f"DATABASE_URL does not parse: {error}")
        else:
            if parts.scheme not in ("postgresql", "postgres"):
                p(f"DATABASE_URL must be a postgresql:// URI (found scheme {parts.scheme!r})")
            if user != name:
                p(f"DATABASE_URL user must be {name!r}, the role that owns schema {name} (found {user!r})")
            if not password:
                p("DATABASE_URL has no password (compose uses password authentication)")
            if host != "postgres":
                p(f"DATABASE_URL host must be the compose service postgres (found {host!r})")
            if path != "/training":
                p(f"DATABASE_URL path must be /training (found {path!r})")

    deps = dependencies(service)
    if deps.get("postgres") != "service_healthy":
        p("must depend on postgres with condition: service_healthy")
    if service.get("ports"):
        p("publishes ports; only the gateway may (RPC and metrics stay on the compose network)")


def check_gateway(service, problems):
    p = lambda message: problems.append(f"{GATEWAY}: {message}")
    env, test = check_app_service(GATEWAY, service, problems)

    if test is not None:
        urls_ok = any(re.fullmatch(rf"https?://(127\.0\.0\.1|localhost):{HTTP_PORT}/healthz", a) for a in test)
        if not test or test[0] != "curl" or not urls_ok:
            p(f'healthcheck must run curl -fsS http://127.0.0.1:{HTTP_PORT}/healthz (found {test!r})')

    if env.get("HTTP_HOST") != "0.0.0.0":
        p(f"HTTP_HOST must be 0.0.0.0 in a container (found {env.get('HTTP_HOST')!r})")
    http_port = as_port(env.get("HTTP_PORT", str(HTTP_PORT)))
    if http_port != HTTP_PORT:
        p(f"HTTP_PORT must be {HTTP_PORT} (found {env.get('HTTP_PORT')!r})")

    for backend, port in RPC_PORTS.items():
        key = f"{backend.upper()}_ENDPOINTS"
        value = env.get(key)
        if not value:
            p(f"no {key} in environment")
            continue
        for entry in value.split(","):
            host, _, entry_port = entry.strip().rpartition(":")
            if host != backend or as_port(entry_port) != port:
                p(f"{key} entry {entry.strip()!r} must be {backend}:{port} "
                  f"(the gateway verifies the certificate name {backend!r})")

    if not any(as_port(pub) == HTTP_PORT and as_port(target) == HTTP_PORT
               for pub, target in published_ports(service)):
        p(f'must publish port {HTTP_PORT} ("{HTTP_PORT}:{HTTP_PORT}")')

    deps = dependencies(service)
    for backend in RPC_PORTS:
        if deps.get(backend) != "service_healthy":
            p(f"must depend on {backend} with condition: service_healthy")


def check_postgres(service, top_volumes, repo, problems):
    p = lambda message: problems.append(f"postgres: {message}")
    image = str(service.get("image", ""))
    if not re.fullmatch(r"postgres:15([.-].*)?", image):
        p(f"image must be postgres:15 (found {image!r})")
    env = environment(service)
    if env.get("POSTGRES_DB") != "training":
        p(f"POSTGRES_DB must be training (found {env.get('POSTGRES_DB')!r})")

    test = healthcheck_argv(service)
    if test is None or "pg_isready" not in test:
        p(f"healthcheck must use pg_isready (found {test!r})")

    volumes = mounts(service)
    if not any(same_path(src, DB_INIT_SOURCE) and target == DB_INIT_TARGET for src, target, _ in volumes):
        p(f"must mount {DB_INIT_SOURCE} at {DB_INIT_TARGET}")
    if not (repo / "scripts" / "db-init.sql").is_file():
        p(f"{DB_INIT_SOURCE} does not exist (Compose would mount an empty directory in its place)")

    data = [src for src, target, _ in volumes if same_path(target, PG_DATA)]
    if not data:
        p(f"no volume at {PG_DATA}")
    elif not any(src and not src.startswith((".", "/", "~")) and src in top_volumes for src in data):
        p(f"the volume at {PG_DATA} must be a named volume declared under top-level `volumes:`")
    if service.get("ports"):
        p("publishes ports; only the gateway may")


def check_dockerfile(path, problems):
    if not path.is_file():
        problems.append(f"Dockerfile: {path} does not exist")
        return
    text = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines()
                     if not line.lstrip().startswith("#"))
    for library in RUNTIME_LIBRARIES:
        if not re.search(rf"(?<![\w.-]){re.escape(library)}(?![\w.-])", text):
            problems.append(f"Dockerfile: runtime library {library} is not installed")
    for name in APP_SERVICES:
        if not re.search(rf"\b{re.escape(name)}\b", text):
            problems.append(f"Dockerfile: executable {name} is not mentioned")
    if ".resources" not in text:
        problems.append("Dockerfile: the *.resources bundles are not copied next to the executables")


def load_yaml(path, yaml):
    class UniqueKeyLoader(yaml.SafeLoader):
        def construct_mapping(self, node, deep=False):
            seen = set()
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge" or not isinstance(key_node, yaml.ScalarNode):
                    continue
                if key_node.value in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicate key {key_node.value!r}", key_node.start_mark)
                seen.add(key_node.value)
            return super().construct_mapping(node, deep=deep)

    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=UniqueKeyLoader)


def main():
    parser = argparse.ArgumentParser(description="Structural check of docker-compose.yml and the Dockerfile.")
    parser.add_argument("--package", type=Path, default=REPO / "Package.swift",
                        help="Package.swift to read the executable products from (default: the repository's)")
    parser.add_argument("--compose", type=Path, default=REPO / "docker-compose.yml",
                        help="compose file (default: the repository's docker-compose.yml)")
    parser.add_argument("--dockerfile", type=Path, default=REPO / "Dockerfile",
                        help="Dockerfile (default: the repository's)")
    args = parser.parse_args()

    try:
        import yaml
    except ImportError:
        print("check-compose: PyYAML is not installed; install it with `apt-get install python3-yaml` "
              "or `python3 -m pip install pyyaml`", file=sys.stderr)
        return 2

    problems = []

    try:
        package_text = args.package.read_text(encoding="utf-8")
    except OSError as error:
        print(f"check-compose: cannot read {args.package}: {error}", file=sys.stderr)
        return 2
    products = executable_products(package_text)

    compose = None
    try:
        compose = load_yaml(args.compose, yaml)
    except OSError as error:
        problems.append(f"{args.compose}: cannot read: {error}")
    except yaml.YAMLError as error:
        problems.append(f"{args.compose}: does not parse: {error}")

    if compose is not None and not isinstance(compose, dict):
        problems.append(f"{args.compose}: top level is not a mapping")
        compose = None

    if compose is not None:
        if "version" in compose:
            problems.append("top-level `version:` is obsolete in the Compose specification; remove it")
        services = compose.get("services")
        if not isinstance(services, dict):
            problems.append("no `services:` mapping")
            services = {}
        top_volumes = compose.get("volumes") or {}
        if not isinstance(top_volumes, dict):
            top_volumes = {}

        for name in REQUIRED_SERVICES:
            if name not in services:
                problems.append(f"service {name} is missing")
            elif not isinstance(services[name], dict):
                problems.append(f"service {name} is not a mapping")

        present = lambda name: isinstance(services.get(name), dict)
        if present("postgres"):
            check_postgres(services["postgres"], top_volumes, args.compose.resolve().parent, problems)
        for name in RPC_PORTS:
            if present(name):
                check_rpc_service(name, services[name], problems)
        if present(GATEWAY):
            check_gateway(services[GATEWAY], problems)

        for name in APP_SERVICES:
            in_package, in_compose = name in products, name in services
            if in_compose and not in_package:
                problems.append(f'{name}: compose service has no executable product in {args.package} '
                                f'(expected .executable(name: "{name}", ...))')
            elif in_package and not in_compose:
                problems.append(f"{name}: executable product in {args.package} has no compose service")

    check_dockerfile(args.dockerfile, problems)

    if problems:
        print(f"compose file: {len(problems)} problem(s):")
        for problem in problems:
            print(f"  - {problem}")
        return 1
    print("compose file OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
