package dev.agora.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.agora.devstack.Contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The merge and the drift check that FrontendIT runs against the live services. */
class ContractTests {

    private static final Path COMMITTED = Path.of(System.getProperty("agora.services.dir", ".."), "frontend-contract/openapi.yaml");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    @SuppressWarnings("unchecked")
    void theDriftCheckNamesAFieldWhoseConstraintChanged() throws Exception {
        Map<String, Object> committed = new Yaml().load(Files.readString(COMMITTED));
        Map<String, Object> changed = new Yaml().load(Files.readString(COMMITTED));
        var schemas = (Map<String, Object>) ((Map<String, Object>) changed.get("components")).get("schemas");
        var line = (Map<String, Object>) ((Map<String, Object>) schemas.get("CheckoutRequestLine")).get("properties");
        ((Map<String, Object>) line.get("quantity")).put("maximum", 5000);

        assertThat(Contract.differences(committed, committed)).isEmpty();
        assertThat(Contract.differences(committed, changed))
            .containsExactly("/components/schemas/CheckoutRequestLine/properties/quantity/maximum: committed 1000, live 5000");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDriftCheckNamesARemovedOperation() throws Exception {
        Map<String, Object> committed = new Yaml().load(Files.readString(COMMITTED));
        Map<String, Object> changed = new Yaml().load(Files.readString(COMMITTED));
        ((Map<String, Object>) changed.get("paths")).remove("/api/v1/orders/{id}/history");
        assertThat(Contract.differences(committed, changed)).anyMatch(d -> d.startsWith("/paths//api/v1/orders/{id}/history"));
    }

    @Test
    void keepsOnlyThePublicSurfaceAndTheSchemasItUses() {
        JsonNode doc = JSON.readTree("""
                {"openapi": "3.1.0", "paths": {
                  "/api/v1/things": {"get": {"operationId": "thingList", "responses": {"200": {"content": {"application/json":
                     {"schema": {"$ref": "#/components/schemas/dev.agora.thing.Thing.View"}}}}}}},
                  "/internal/things": {"get": {"operationId": "thingInternal", "responses": {"200": {"content": {"application/json":
                     {"schema": {"$ref": "#/components/schemas/dev.agora.thing.Secret"}}}}}}}},
                 "components": {"schemas": {
                   "dev.agora.thing.Thing.View": {"type": "object", "properties": {"price": {"$ref": "#/components/schemas/dev.agora.defaults.money.Money"}}},
                   "dev.agora.defaults.money.Money": {"type": "object"},
                   "dev.agora.thing.Secret": {"type": "object"}}}}""");
        Map<String, Object> merged = Contract.merge(Map.of("thing-svc", doc));
        assertThat(names(merged.get("paths"))).containsExactly("/api/v1/things");
        Map<?, ?> schemas = (Map<?, ?>) ((Map<?, ?>) merged.get("components")).get("schemas");
        assertThat(names(schemas)).containsExactlyInAnyOrder("ThingView", "Money");
        assertThat(Contract.yaml(merged)).contains("$ref: '#/components/schemas/ThingView'").doesNotContain("internal");
    }

    @Test
    void refusesTwoServicesPublishingOneOperationId() {
        String doc = """
                {"paths": {"%s": {"get": {"operationId": "same", "responses": {}}}}, "components": {"schemas": {}}}""";
        var documents = new java.util.LinkedHashMap<String, JsonNode>();
        documents.put("a-svc", JSON.readTree(doc.formatted("/api/v1/a")));
        documents.put("b-svc", JSON.readTree(doc.formatted("/api/v1/b")));
        assertThatThrownBy(() -> Contract.merge(documents)).hasMessageContaining("operationId 'same'");
    }

    @Test
    void givesTheLaterServiceItsNameWhenTwoSchemasShareOne() {
        String doc = """
                {"paths": {"/api/v1/%s": {"get": {"operationId": "%s", "responses": {"200": {"content": {"application/json":
                   {"schema": {"$ref": "#/components/schemas/dev.agora.x.Address"}}}}}}}},
                 "components": {"schemas": {"dev.agora.x.Address": {"type": "object", "properties": {"%s": {"type": "string"}}}}}}""";
        var documents = new java.util.LinkedHashMap<String, JsonNode>();
        documents.put("order-svc", JSON.readTree(doc.formatted("orders", "orderList", "line1")));
        documents.put("vendor-svc", JSON.readTree(doc.formatted("vendors", "vendorList", "street")));
        Map<String, Object> merged = Contract.merge(documents);
        Map<?, ?> schemas = (Map<?, ?>) ((Map<?, ?>) merged.get("components")).get("schemas");
        assertThat(names(schemas)).containsExactlyInAnyOrder("Address", "VendorAddress");
        assertThat(Contract.yaml(merged)).contains("$ref: '#/components/schemas/VendorAddress'");
        assertThat(List.of(Contract.yaml(merged).split("\n"))).filteredOn(l -> l.contains("$ref")).hasSize(2);
    }

    private static List<String> names(Object map) {
        return ((Map<?, ?>) map).keySet().stream().map(String::valueOf).toList();
    }
}
