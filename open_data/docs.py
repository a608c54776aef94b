"""The API's documentation page, rendered on the server from the OpenAPI schema: no script, no CDN."""

from django.shortcuts import render

from open_data.endpoints import api


def describe_type(schema: dict) -> str:
    """A short reading of a parameter's JSON schema: "integer, 1 to 100", "list of: a, b"."""
    if "anyOf" in schema:
        return " | ".join(describe_type(option) for option in schema["anyOf"] if option.get("type") != "null")
    if schema.get("type") == "array":
        return f"list of {describe_type(schema.get('items', {}))}"
    if "enum" in schema:
        return ", ".join(str(value) for value in schema["enum"])
    text = schema.get("type", "string")
    if "minimum" in schema or "maximum" in schema:
        text += f" {schema.get('minimum', '')}–{schema.get('maximum', '')}"
    if "pattern" in schema:
        text += f" {schema['pattern']}"
    return text


def operations(schema: dict) -> list[dict]:
    found = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            parameters = [
                {
                    "name": parameter["name"],
                    "location": parameter["in"],
                    "required": parameter.get("required", False),
                    "type": describe_type(parameter.get("schema", {})),
                    "description": parameter.get("description") or parameter.get("schema", {}).get("description", ""),
                }
                for parameter in operation.get("parameters", [])
            ]
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": parameters,
                    "statuses": sorted(operation["responses"]),
                }
            )
    return found


def api_documentation(request):
    schema = api.get_openapi_schema()
    return render(
        request,
        "api/documentation.html",
        {"schema": schema, "operations": operations(schema), "schema_url": "/api/v1/openapi.json"},
    )
