package io.memjcache.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows as JSON: one array of flat objects, each with {@code part}, {@code case}, {@code target}, {@code round} and
 * one numeric field per metric. Stateless; thread-safe.
 */
public final class JsonReport {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {}

    /** Writes the rows to the file, replacing it. */
    public static void write(Path file, List<ResultRow> rows) throws IOException {
        ArrayNode array = MAPPER.createArrayNode();
        for (ResultRow row : rows) {
            ObjectNode object = array.addObject();
            object.put(ResultRow.PART, row.part());
            object.put(ResultRow.CASE, row.caseName());
            object.put(ResultRow.TARGET, row.target());
            object.put(ResultRow.ROUND, row.round());
            row.metrics().forEach(object::put);
        }
        MAPPER.writeValue(file.toFile(), array);
    }

    /** Reads rows written by {@link #write}. */
    public static List<ResultRow> read(Path file) throws IOException {
        JsonNode root = MAPPER.readTree(file.toFile());
        if (!root.isArray()) {
            throw new IOException(file + ": not a JSON array");
        }
        List<ResultRow> rows = new ArrayList<>();
        for (JsonNode object : root) {
            Map<String, Double> metrics = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                if (!ResultRow.isFixedColumn(field.getKey())) {
                    if (!field.getValue().isNumber()) {
                        throw new IOException(file + ": metric " + field.getKey() + " is not a number");
                    }
                    metrics.put(field.getKey(), field.getValue().doubleValue());
                }
            }
            rows.add(new ResultRow(
                    text(object, ResultRow.PART),
                    text(object, ResultRow.CASE),
                    text(object, ResultRow.TARGET),
                    object.path(ResultRow.ROUND).asInt(0),
                    metrics));
        }
        return rows;
    }

    private static String text(JsonNode object, String field) throws IOException {
        JsonNode node = object.get(field);
        if (node == null || !node.isTextual()) {
            throw new IOException("row without text field " + field + ": " + object);
        }
        return node.asText();
    }
}
