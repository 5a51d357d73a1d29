package dev.quarry.accounting.model;

import java.util.regex.Pattern;

/** Holder and contract ids: 1..64 of [A-Za-z0-9_-]. No '.', because a worker is named {@code <contract>.<rig>}. */
public final class Ids {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private Ids() {
    }

    public static String check(String what, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException(what + " id must be 1-64 characters of A-Z a-z 0-9 _ -, got '" + id + "'");
        }
        return id;
    }
}
