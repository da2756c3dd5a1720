"""The web secret (session and CSRF signing key): never in the repository, never weak.

ASVS 2.10.4 / 6.4.1: outside demo mode the secret comes from the environment
(``HADCOORD_SECRET_KEY``) or from a file readable by its owner only (``[web].secret_key_file``,
mode 0600), and holds at least 32 random bytes. Demo mode uses a fresh random key per process.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from hadcoord.config import Settings
from hadcoord.errors import ConfigError

MIN_SECRET_BYTES = 32
# 32 random bytes written in URL-safe base64 take 43 characters (hex: 64).
MIN_SECRET_CHARS = 43
# A random 43-character key has about 30 distinct characters; a typed phrase or a repeated one
# has far fewer.
MIN_DISTINCT_CHARS = 16
HELP = ("fournissez une clé d'au moins 32 octets aléatoires : variable d'environnement "
        "HADCOORD_SECRET_KEY, ou fichier de mode 0600 nommé par [web].secret_key_file, créé par "
        "« hadcoord secret generate --out FICHIER »")


def generate_secret() -> str:
    """A new secret: 48 random bytes in URL-safe base64 (64 characters)."""
    return secrets.token_urlsafe(48)


def write_secret_file(path: Path) -> None:
    """Write a new secret to ``path``, created with mode 0600 (an existing file is kept).

    Raises
    ------
    ConfigError
        The file already exists or its folder does not.
    """
    try:
        with open(path, "x", encoding="utf-8", opener=_private_opener) as handle:
            handle.write(generate_secret() + "\n")
    except FileExistsError:
        msg = f"{path} existe déjà : il n'est pas remplacé (supprimez-le d'abord)"
        raise ConfigError(msg) from None
    except FileNotFoundError:
        msg = f"dossier introuvable pour {path}"
        raise ConfigError(msg) from None
    path.chmod(0o600)


def _private_opener(path: str, flags: int) -> int:
    return os.open(path, flags, 0o600)


def _read_file(path: Path) -> str:
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        msg = f"web.secret_key_file : fichier introuvable ({path})"
        raise ConfigError(msg) from None
    if not stat.S_ISREG(mode) or mode & 0o077:
        msg = (f"web.secret_key_file : {path} doit être un fichier lisible par son seul "
               f"propriétaire (chmod 600 ; mode actuel {stat.S_IMODE(mode):o})")
        raise ConfigError(msg)
    return path.read_text(encoding="utf-8").rstrip("\r\n")


def check_secret(value: str, origin: str) -> str:
    """``value`` if it is a strong secret, else a French `ConfigError` naming ``origin``."""
    if not value:
        msg = f"aucune clé secrète ({origin}) : {HELP}"
        raise ConfigError(msg)
    if value != value.strip() or len(value) < MIN_SECRET_CHARS \
            or len(set(value)) < MIN_DISTINCT_CHARS:
        msg = (f"clé secrète trop faible ({origin} : {len(value)} caractères, "
               f"{len(set(value))} distincts, ou espaces en bordure) : {HELP}")
        raise ConfigError(msg)
    return value


def resolve_secret(settings: Settings) -> str:
    """The signing key of this process.

    Raises
    ------
    ConfigError
        Outside demo mode, no secret is supplied or it is weak (the server must not start).
    """
    web = settings.web
    if web.secret_key_file is not None:
        path = web.secret_key_file
        path = path if path.is_absolute() else settings.base_dir / path
        return check_secret(_read_file(path), f"fichier {path}")
    if web.secret_key:
        return check_secret(web.secret_key, "HADCOORD_SECRET_KEY")
    if web.demo:
        return generate_secret()  # demo: sessions end with the process, nothing to keep
    return check_secret("", "HADCOORD_SECRET_KEY ou web.secret_key_file")
