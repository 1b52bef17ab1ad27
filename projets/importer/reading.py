"""Read an import file into plain Python values, bounded before anything walks them.

YAML aliases are refused (the format never needs them, and a few hundred bytes of them expand to billions of
strings), duplicate keys are refused in YAML and JSON (the last one would silently win, slug included), nesting
is at most ``MAX_DEPTH`` levels and a document at most ``MAX_NODES`` values. Every refusal is an
``ImportFormatError`` in French, naming the line (YAML) or the key (JSON).
"""

import json

import yaml

FORMAT = "projets-collectifs/2"
TOP_LEVEL_KEYS = {"format", "source", "themes", "promotions", "projects"}
MAX_DEPTH = 20  # a project's deepest value (a bullet of a section) is 5 levels down
MAX_NODES = 500_000  # values of every kind: about 5 000 projects of ordinary size


class ImportFormatError(Exception):
    """The file cannot be read at all (not YAML/JSON, wrong top-level shape, unbounded)."""


def _too_deep(where):
    return ImportFormatError(f"{where}imbrication trop profonde ({MAX_DEPTH} niveaux au plus).")


def _too_big(where):
    return ImportFormatError(f"{where}document trop grand ({MAX_NODES:,} valeurs au plus).".replace(",", " "))


class BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader without aliases or duplicate keys, with bounded nesting and size."""

    def __init__(self, stream):
        super().__init__(stream)
        self.depth = 0
        self.nodes = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        where = f"Ligne {event.start_mark.line + 1} : "
        if isinstance(event, yaml.AliasEvent):
            raise ImportFormatError(
                f"{where}alias YAML « *{event.anchor} » refusé : écrivez chaque valeur en entier, sans « & » ni « * »."
            )
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _too_big(where)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _too_deep(where)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_mapping(self, node, deep=False):
        seen = {}
        for key_node, _value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            try:
                if key in seen:
                    raise ImportFormatError(f"Ligne {line} : clé « {key} » en double (déjà ligne {seen[key]}).")
                seen[key] = line
            except TypeError:
                continue  # an unhashable key: SafeConstructor refuses it with its own message
        return super().construct_mapping(node, deep=deep)


def _unique_keys(pairs):
    result = {}
    for key, value in pairs:
        if key in result:
            slug = result.get("slug")
            where = f" (dans l'objet « {slug} »)" if isinstance(slug, str) else ""
            raise ImportFormatError(f"Clé « {key} » en double{where}.")
        result[key] = value
    return result


def _check_bounds(data):
    """Depth and size of a JSON document, walked without recursion."""
    stack = [(data, 1)]
    nodes = 0
    while stack:
        value, depth = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            raise _too_big("")
        if depth > MAX_DEPTH:
            raise _too_deep("")
        if isinstance(value, dict):
            stack.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)


def load(content, filename=""):
    """YAML, or JSON when ``filename`` ends with .json, as Python values; ImportFormatError otherwise."""
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ImportFormatError("Le fichier doit être encodé en UTF-8.") from error
    try:
        if filename.endswith(".json"):
            data = json.loads(content, object_pairs_hook=_unique_keys)
            _check_bounds(data)
            return data
        loader = BoundedLoader(content)
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except RecursionError as error:  # JSON's own scanner, before our walk could count the depth
        raise _too_deep("") from error
    except (ValueError, yaml.YAMLError) as error:
        raise ImportFormatError(f"Fichier illisible : {error}") from error


def parse(content, filename=""):
    """Read YAML or JSON text into the document dict, or raise ImportFormatError in French."""
    data = load(content, filename)
    if not isinstance(data, dict) or not isinstance(data.get("projects"), list):
        raise ImportFormatError("Le fichier doit contenir une liste « projects » (voir la documentation du format).")
    if data.get("format", FORMAT) != FORMAT:
        raise ImportFormatError(f"Format « {data.get('format')} » inconnu : « {FORMAT} » attendu.")
    unknown = sorted(str(key) for key in set(data) - TOP_LEVEL_KEYS)
    if unknown:
        raise ImportFormatError(f"Champ(s) inconnu(s) au premier niveau : {', '.join(unknown)}.")
    return data
