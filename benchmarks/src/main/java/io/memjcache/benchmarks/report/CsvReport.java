package io.memjcache.benchmarks.report;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rows as CSV (RFC 4180): a header {@code part,case,target,round} followed by every metric name of the rows, in the
 * order first seen; a row's missing metric is an empty field. Numbers are written in plain decimal notation and read
 * back exactly. Stateless; thread-safe.
 */
public final class CsvReport {

    private CsvReport() {}

    /** Writes the rows to the file, replacing it. */
    public static void write(Path file, List<ResultRow> rows) throws IOException {
        List<String> metricNames = metricNames(rows);
        StringBuilder out = new StringBuilder();
        List<String> header =
                new ArrayList<>(List.of(ResultRow.PART, ResultRow.CASE, ResultRow.TARGET, ResultRow.ROUND));
        header.addAll(metricNames);
        appendLine(out, header);
        for (ResultRow row : rows) {
            List<String> fields =
                    new ArrayList<>(List.of(row.part(), row.caseName(), row.target(), Integer.toString(row.round())));
            for (String name : metricNames) {
                Double value = row.metrics().get(name);
                fields.add(value == null ? "" : plain(value));
            }
            appendLine(out, fields);
        }
        Files.writeString(file, out, StandardCharsets.UTF_8);
    }

    /** Reads rows written by {@link #write}. */
    public static List<ResultRow> read(Path file) throws IOException {
        List<List<String>> records = parse(Files.readString(file, StandardCharsets.UTF_8));
        if (records.isEmpty()) {
            throw new IOException(file + ": no header");
        }
        List<String> header = records.get(0);
        if (header.size() < 4
                || !header.subList(0, 4)
                        .equals(List.of(ResultRow.PART, ResultRow.CASE, ResultRow.TARGET, ResultRow.ROUND))) {
            throw new IOException(file + ": unexpected header " + header);
        }
        List<ResultRow> rows = new ArrayList<>();
        for (List<String> record : records.subList(1, records.size())) {
            if (record.size() != header.size()) {
                throw new IOException(file + ": " + record.size() + " fields where the header has " + header.size());
            }
            Map<String, Double> metrics = new LinkedHashMap<>();
            for (int i = 4; i < record.size(); i++) {
                if (!record.get(i).isEmpty()) {
                    metrics.put(header.get(i), Double.parseDouble(record.get(i)));
                }
            }
            rows.add(new ResultRow(
                    record.get(0), record.get(1), record.get(2), Integer.parseInt(record.get(3)), metrics));
        }
        return rows;
    }

    /** @return every metric name of the rows, in the order first seen */
    static List<String> metricNames(List<ResultRow> rows) {
        Set<String> names = new LinkedHashSet<>();
        rows.forEach(row -> names.addAll(row.metrics().keySet()));
        return List.copyOf(names);
    }

    /** @return the value without exponent, the shortest decimal that reads back as the same double */
    static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static void appendLine(StringBuilder out, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            String field = fields.get(i);
            if (field.contains(",") || field.contains("\"") || field.contains("\n") || field.contains("\r")) {
                out.append('"').append(field.replace("\"", "\"\"")).append('"');
            } else {
                out.append(field);
            }
        }
        out.append("\r\n");
    }

    /** Splits RFC 4180 text into records of fields; quoted fields may hold commas, quotes and line breaks. */
    private static List<List<String>> parse(String text) throws IOException {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
            } else {
                field.append(c);
            }
            i++;
        }
        if (quoted) {
            throw new IOException("unterminated quoted field");
        }
        if (field.length() > 0 || !record.isEmpty()) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }
}
