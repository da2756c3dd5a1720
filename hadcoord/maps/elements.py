"""folium elements the maps need and folium lacks (or builds with jQuery).

Raw script layers, HTML popups and tooltips, statements run on the map, HTML beside the map.
Their text is emitted as it is: no second Jinja pass, so the data may hold any character.
"""

from __future__ import annotations

import json
from typing import Any

from branca.element import Element, Figure
from folium.map import Layer


def script_json(value: Any) -> str:
    """``value`` as compact JSON safe inside a <script> element."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class Raw(Element):
    """Text emitted as it is."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Raw"
        self.text = text

    def render(self, **kwargs: Any) -> str:
        """The text."""
        return self.text


def _figure(element: Element) -> Figure:
    root = element.get_root()
    if not isinstance(root, Figure):
        msg = "élément de carte rendu hors d'un document"
        raise TypeError(msg)
    return root


def _parent_name(element: Element) -> str:
    return element._parent.get_name() if element._parent is not None else ""


class ScriptLayer(Layer):
    """An overlay made by a JavaScript expression (see static/hadcoord-map.js)."""

    def __init__(self, name: str, expression: str, *, show: bool = True) -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "ScriptLayer"
        self.expression = expression

    def render(self, **kwargs: Any) -> str:
        """Declare the layer, and add it to its parent when shown at opening."""
        script = _figure(self).script
        name = self.get_name()
        script.add_child(Raw(f"var {name} = {self.expression};\n"), name=name)
        if self.show:
            script.add_child(Raw(f"{name}.addTo({_parent_name(self)});\n"), name=f"{name}_add")
        return ""


class Bind(Element):
    """A popup or tooltip (HTML made and escaped by the caller) bound to the parent layer."""

    def __init__(self, kind: str, content: str, options: dict[str, Any] | None = None) -> None:
        super().__init__()
        self._name = "Bind"
        self.method = "bindPopup" if kind == "popup" else "bindTooltip"
        self.content = content
        self.options = options or {}

    def render(self, **kwargs: Any) -> str:
        """Bind the content to the parent (no jQuery, unlike folium.Popup)."""
        _figure(self).script.add_child(Raw(
            f"{_parent_name(self)}.{self.method}({script_json(self.content)}, "
            f"{script_json(self.options)});\n"), name=self.get_name())
        return ""


class Script(Element):
    """A statement run once the map and its layers exist (``{map}`` names the map)."""

    def __init__(self, code: str) -> None:
        super().__init__()
        self._name = "Script"
        self.code = code

    def render(self, **kwargs: Any) -> str:
        """Emit the statement with the map's name filled in."""
        _figure(self).script.add_child(
            Raw(self.code.replace("{map}", _parent_name(self)) + "\n"), name=self.get_name())
        return ""


class Html(Element):
    """HTML (made and escaped by the caller) added to the document's body, beside the map."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self._name = "Html"
        self.html = html

    def render(self, **kwargs: Any) -> str:
        """Append the HTML to the body."""
        _figure(self).html.add_child(Raw(self.html), name=self.get_name())
        return ""
