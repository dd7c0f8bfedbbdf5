"""pyproject.toml and environment.yml name the same dependencies, and the seeds are the shared seeds."""
import re
import tomllib

from rumourlib import paths


def norm(requirement: str) -> str:
    name = re.split(r"[<>=!~ ;\[]", requirement.strip(), maxsplit=1)[0]
    return re.sub(r"[-_.]+", "-", name).lower()


def test_pyproject_and_environment_agree():
    pyproject = tomllib.loads((paths.PROJECT_ROOT / "pyproject.toml").read_text())
    declared = {norm(r): r.strip() for r in pyproject["project"]["dependencies"]}
    conda = {}
    text = (paths.PROJECT_ROOT / "environment.yml").read_text()
    for line in text.split("dependencies:", 1)[1].splitlines():
        m = re.match(r"^\s*-\s+(?!pip\s*$|python=|-e )([A-Za-z0-9_.-]+.*)$", line)
        if m and not line.strip().endswith(":"):
            conda[norm(m.group(1))] = m.group(1).strip()
    assert set(declared) == set(conda), set(declared) ^ set(conda)
    for name, spec in declared.items():
        assert spec.replace(" ", "") == conda[name].replace(" ", ""), name
    assert "-e ." in (paths.PROJECT_ROOT / "environment.yml").read_text()


def test_seed_articles_are_the_shared_seeds(shared):
    ours = {p.name: p.read_bytes() for p in paths.RAW.iterdir() if p.is_file()}
    theirs = {p.name: p.read_bytes() for p in (shared / "seeds" / "articles").iterdir()}
    assert ours == theirs
