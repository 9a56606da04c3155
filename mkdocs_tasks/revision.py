"""A site's pages as they were at a git revision, read with git itself.

`git ls-tree` lists the files and one `git cat-file --batch` reads them all: nothing is
checked out and the user's work tree is never touched.
"""

from __future__ import annotations

import subprocess
from pathlib import Path


class RevisionError(Exception):
    """Not a git repository, an unknown revision, git missing or failing."""


class NoGit(RevisionError):
    """git cannot be run at all."""


def git(root: Path, *args: str, data: bytes | None = None) -> bytes:
    """git's output in the work tree at `root`; RevisionError with git's last line when it
    fails, NoGit when it cannot be run."""
    try:
        done = subprocess.run(["git", "-C", str(root), *args], input=data, capture_output=True,
                              check=False)
    except OSError as exc:
        raise NoGit(f"git cannot be run ({exc}); install git to compare revisions") from None
    if done.returncode != 0:
        why = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RevisionError(f"git {args[0]} failed: {why[-1] if why else done.returncode}")
    return done.stdout


def toplevel(path: Path) -> Path:
    """The root of the git work tree that holds `path`."""
    try:
        return Path(git(path, "rev-parse", "--show-toplevel").decode().strip())
    except RevisionError:
        raise RevisionError(f"{path} is not in a git repository; `diff` compares two git "
                            "revisions of the site") from None


def commit(root: Path, rev: str) -> str:
    """The commit a revision names."""
    try:
        return git(root, "rev-parse", "--verify", "--quiet", "--end-of-options",
                    f"{rev}^{{commit}}").decode().strip()
    except RevisionError:
        raise RevisionError(f"unknown revision {rev!r}; give a commit, branch or tag "
                            "(e.g. origin/main, HEAD~1)") from None


def files(root: Path, rev: str, folder: str) -> list[str]:
    """The files under `folder` (relative to root, posix) at `rev`, relative to `folder`."""
    out = git(root, "ls-tree", "-r", "-z", "--name-only", rev, "--", folder or ".")
    prefix = folder.rstrip("/") + "/" if folder else ""
    return [p[len(prefix):] for p in out.decode("utf-8", "surrogateescape").split("\0")
            if p and p.startswith(prefix)]


def read(root: Path, rev: str, paths: list[str]) -> dict[str, bytes | None]:
    """Each path's content at `rev` (None where it is no file there), in one git process."""
    found = batch(root, [f"{rev}:{p}" for p in paths])
    return {p: found[f"{rev}:{p}"] for p in paths}


def batch(root: Path, objects: list[str]) -> dict[str, bytes | None]:
    """Each object's content (a blob's SHA, or `rev:path`), None where it is no blob, in
    one `git cat-file --batch`."""
    if not objects:
        return {}
    request = "".join(f"{o}\n" for o in objects).encode("utf-8", "surrogateescape")
    out = git(root, "cat-file", "--batch", data=request)
    found: dict[str, bytes | None] = {}
    at = 0
    for o in objects:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        at = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            found[o] = out[at:at + size]
            at += size + 1
        else:  # "<object> missing", or not a blob
            found[o] = None
    return found
