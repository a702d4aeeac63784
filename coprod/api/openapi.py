"""The API's schema also documents the refusals that no operation declares itself.

Every operation can answer 400 (a parameter or a body holding control characters, a body that
is not a JSON object), 401 when it needs a token, and 422 when it takes parameters or a body
(django-ninja's schema validation, in French by `errors.py`). They are added here, from each
operation's own declaration, rather than repeated in 59 `response=` dicts.
"""

from ninja import NinjaAPI

ERROR = {"$ref": "#/components/schemas/Error"}
REFUSALS = {
    400: "Requête refusée : caractères de contrôle, corps qui n'est pas un objet JSON, ou "
    "refus du service (le message dit pourquoi)",
    401: "Jeton d'accès manquant, invalide, expiré ou révoqué (le message dit lequel)",
    422: "Paramètre ou corps hors du schéma (le message nomme le champ)",
}


def _refusals(operation: dict) -> list[int]:
    found = [400]
    if operation.get("security"):
        found.append(401)
    if operation.get("parameters") or "requestBody" in operation:
        found.append(422)
    return found


class DocumentedAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for status in _refusals(operation):
                    if status in responses or str(status) in responses:
                        continue  # declared by the operation, with its own description
                    responses[status] = {
                        "description": REFUSALS[status],
                        "content": {"application/json": {"schema": ERROR}},
                    }
        return schema
