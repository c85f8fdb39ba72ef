package io.govstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes object schemas that the fabric8 kubernetes-model jars ship
 * ({@code schema/validation-schema.json}, JSON Schema draft 7, one per API group, offline on
 * Maven Central), made as strict as the API server's strict field validation: fabric8 writes them
 * for Java code generation, so this class (hand-written: no library does it) closes every object to
 * unknown fields, turns {@code "required": true} on a property into the parent's required list,
 * and types the two values Java models as objects (IntOrString, Quantity) as the API accepts them.
 */
final class KubernetesSchemas {
    private static final String RESOURCE = "schema/validation-schema.json";
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);

    private final ObjectNode definitions = Repo.JSON.createObjectNode();
    /** "apiVersion/Kind" to the definition name. */
    private final Map<String, String> kinds = new HashMap<>();
    private final Map<String, JsonSchema> compiled = new HashMap<>();

    KubernetesSchemas() {
        try {
            for (URL url : Collections.list(getClass().getClassLoader().getResources(RESOURCE))) {
                try (InputStream in = url.openStream()) {
                    Repo.JSON.readTree(in).path("definitions").properties().forEach(e -> definitions.set(e.getKey(), e.getValue()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Kubernetes schemas", e);
        }
        if (definitions.isEmpty()) {
            throw new IllegalStateException("no " + RESOURCE + " on the classpath (fabric8 kubernetes-model jars)");
        }
        definitions.properties().forEach(e -> {
            JsonNode props = e.getValue().path("properties");
            String apiVersion = props.path("apiVersion").path("default").asText("");
            String kind = props.path("kind").path("default").asText("");
            if (!apiVersion.isEmpty() && !kind.isEmpty()) {
                kinds.putIfAbsent(apiVersion + "/" + kind, e.getKey());
            }
            tighten(e.getValue());
        });
        definitions.set("kubernetes_apimachinery_pkg_util_intstr_IntOrString", type("integer", "string"));
        definitions.set("kubernetes_resource_Quantity", type("string", "number"));
        definitions.set("k8s_io_apimachinery_pkg_api_resource_Quantity", type("string", "number"));
    }

    /** Schema violations of one manifest, as readable lines; an unknown apiVersion/kind is one too. */
    List<String> validate(JsonNode manifest) {
        String key = manifest.path("apiVersion").asText() + "/" + manifest.path("kind").asText();
        String definition = kinds.get(key);
        if (definition == null) {
            return List.of(key + ": no schema for this apiVersion and kind");
        }
        JsonSchema schema = compiled.computeIfAbsent(definition, d -> {
            ObjectNode root = Repo.JSON.createObjectNode();
            root.put("$ref", "#/definitions/" + d);
            root.set("definitions", definitions);
            return FACTORY.getSchema(root);
        });
        List<String> problems = new ArrayList<>();
        String name = key + " " + manifest.path("metadata").path("name").asText();
        for (ValidationMessage message : schema.validate(manifest)) {
            problems.add(name + ": " + message.getMessage());
        }
        return problems;
    }

    private static void tighten(JsonNode node) {
        if (node instanceof ObjectNode object) {
            JsonNode properties = object.get("properties");
            if (properties instanceof ObjectNode props) {
                if (object.path("additionalProperties").isBoolean()) {
                    object.put("additionalProperties", false);
                }
                ArrayNode required = Repo.JSON.createArrayNode();
                props.properties().forEach(p -> {
                    if (p.getValue() instanceof ObjectNode prop && prop.path("required").isBoolean()) {
                        // apiVersion and kind are needed at the top only (they pick the schema there).
                        if (prop.get("required").asBoolean() && !p.getKey().matches("apiVersion|kind")) {
                            required.add(p.getKey());
                        }
                        prop.remove("required");
                    }
                });
                if (!required.isEmpty()) {
                    object.set("required", required);
                }
            }
            for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
                String field = names.next();
                if (field.startsWith("java") || field.equals("existingJavaType")) {
                    names.remove();
                }
            }
            object.elements().forEachRemaining(KubernetesSchemas::tighten);
        } else if (node instanceof ArrayNode array) {
            array.elements().forEachRemaining(KubernetesSchemas::tighten);
        }
    }

    private static ObjectNode type(String... types) {
        ObjectNode node = Repo.JSON.createObjectNode();
        ArrayNode list = node.putArray("type");
        for (String t : types) {
            list.add(t);
        }
        return node;
    }
}
