"""deploy/ stays in step with the settings and the proxy support (issue 16)."""

from __future__ import annotations

import re

from hadcoord.config import ENV_PREFIX, PROJECT_ROOT, Settings, load_settings
from hadcoord.config._base import FrozenSection

DEPLOY = PROJECT_ROOT / "deploy"
ENV_LINE = re.compile(r"^(?:# )?(HADCOORD_[A-Z0-9_]+)=(.*)$", re.MULTILINE)


def example_environment() -> dict[str, str]:
    """The variables of hadcoord.env.example, the commented-out ones included."""
    text = (DEPLOY / "hadcoord.env.example").read_text(encoding="utf-8")
    return dict(ENV_LINE.findall(text))


def known_variable(name: str) -> bool:
    for section, field in Settings.model_fields.items():
        model = field.annotation
        if isinstance(model, type) and issubclass(model, FrozenSection):
            prefix = f"{ENV_PREFIX}{section}_".upper()
            if name.startswith(prefix) and name[len(prefix):].lower() in model.model_fields:
                return True
    return False


def test_every_example_variable_is_a_setting_and_the_example_loads() -> None:
    environ = example_environment()
    assert [name for name in environ if not known_variable(name)] == []
    settings = load_settings(PROJECT_ROOT / "config.toml", environ=environ)
    assert (settings.web.trusted_proxies, settings.web.https) == (1, True)
    assert settings.web.workers > 1
    assert settings.database.url.startswith("postgresql")
    assert (settings.smtp.starttls, settings.smtp.user) == (True, "hadcoord")


def test_nginx_sends_every_header_one_trusted_proxy_believes() -> None:
    # trusted_proxies = 1 believes X-Forwarded-For, -Proto, -Host and -Port (web/proxies.py).
    text = (DEPLOY / "nginx-hadcoord.conf").read_text(encoding="utf-8")
    for header, value in (("X-Forwarded-For", "$proxy_add_x_forwarded_for"),
                          ("X-Forwarded-Proto", "$scheme"), ("X-Forwarded-Host", "$host"),
                          ("X-Forwarded-Port", "$server_port")):
        assert f"proxy_set_header {header} {value};" in text
    assert "proxy_pass http://hadcoord;" in text
    assert "server 127.0.0.1:5000;" in text


def test_the_units_run_the_commands_on_the_proxy_port() -> None:
    web = (DEPLOY / "hadcoord-web.service").read_text(encoding="utf-8")
    scheduler = (DEPLOY / "hadcoord-scheduler.service").read_text(encoding="utf-8")
    assert "bin/hadcoord serve --host 127.0.0.1 --port 5000" in web
    assert "bin/hadcoord scheduler" in scheduler
    for unit in (web, scheduler):
        assert "EnvironmentFile=/etc/hadcoord/hadcoord.env" in unit
        assert "RestartPreventExitStatus=2" in unit
