package dev.quarry.api.auth;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What an API key may do: read holder data, or also request payouts and change the payout address. */
public enum Scope {
    READ, PAYOUT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses "read" / "payout"; throws IllegalArgumentException naming the bad value. */
    public static Scope parse(String s) {
        for (Scope sc : values()) {
            if (sc.wireName().equals(s)) return sc;
        }
        throw new IllegalArgumentException("unknown scope '" + s + "' (expected read or payout)");
    }

    public static String encode(Set<Scope> scopes) {
        StringBuilder sb = new StringBuilder();
        for (Scope s : values()) {
            if (!scopes.contains(s)) continue;
            if (sb.length() > 0) sb.append(',');
            sb.append(s.wireName());
        }
        return sb.toString();
    }

    public static Set<Scope> decode(String csv) {
        Set<Scope> out = EnumSet.noneOf(Scope.class);
        if (csv == null || csv.isBlank()) return out;
        for (String p : csv.split(",")) out.add(parse(p.trim()));
        return out;
    }
}
