"""The French wording of hadcoord: labels of the vocabularies, number and date formats, grammar.

- ``labels``: the French label of every stored or computed value a user reads (statuses, option
  kinds, bases, structures, places, roles, levels, consciousness…), keyed by its enum.
- ``formats``: numbers, quantities, dates and times the French way (Babel, locale fr_FR).
- ``grammar``: articles and elisions before names (« l'HAD du CH d'Albi », « qu'infirmière »).

The CLI, the templates (filters and globals, see ``hadcoord.web.formats``), the maps, the
e-mails and the printed documents all use these; nothing else formats a number or a label.
The submodules are imported by name (``from hadcoord.wording import labels``) so that the
domain core can use ``formats`` and ``grammar`` without loading the labels' enums.
"""
