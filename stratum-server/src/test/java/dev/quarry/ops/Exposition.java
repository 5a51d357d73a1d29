package dev.quarry.ops;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads samples out of a Prometheus text exposition, matching labels in any order. */
final class Exposition {

    private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private Exposition() {
    }

    /** Sum of every sample of {@code name} whose labels include {@code labels}; NaN when there is none. */
    static double value(String exposition, String name, Map<String, String> labels) {
        Matcher m = SAMPLE.matcher(exposition);
        double sum = 0;
        boolean found = false;
        while (m.find()) {
            if (!m.group(1).equals(name)) continue;
            Map<String, String> have = new java.util.HashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) have.put(l.group(1), l.group(2));
            }
            if (!have.entrySet().containsAll(labels.entrySet())) continue;
            sum += Double.parseDouble(m.group(4));
            found = true;
        }
        return found ? sum : Double.NaN;
    }

    static double value(String exposition, String name) {
        return value(exposition, name, Map.of());
    }

    /** Whether the exposition declares or has samples of a metric family (histogram bases included). */
    static boolean has(String exposition, String name) {
        String base = name.replaceAll("_(bucket|count|sum)$", "");
        return exposition.contains("\n" + name) || exposition.contains("\n" + base + "_bucket")
                || exposition.contains("# TYPE " + base + " ") || exposition.startsWith(name);
    }
}
