package dev.quarry.stratum.testkit;

/** Fills the C printf templates of wire_messages.json: strips trailing notes and the literal "\n", then formats. */
public final class Templates {
    private Templates() {
    }

    public static String fill(String template, Object... args) {
        String t = template;
        int end = t.lastIndexOf('}');
        t = t.substring(0, end + 1);
        t = t.replace("%08lx", "%s").replace("%08x", "%s").replace("%u", "%s").replace("%.10g", "%s").replace("%x", "%s").replace("%d", "%s");
        return String.format(t, args);
    }
}
