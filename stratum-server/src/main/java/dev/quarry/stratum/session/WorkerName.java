package dev.quarry.stratum.session;

/**
 * A worker name {@code <contract>.<rig>}: everything before the first '.' is the contract (or
 * the farm account), the rest is the rig. A name without '.' has an empty rig.
 */
public record WorkerName(String full, String contract, String rig) {

    public static final int MAX_LENGTH = 256;

    /** Parses a name; returns null for an empty, over-long or control-character name. */
    public static WorkerName parse(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH) return null;
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) return null;
        }
        int dot = name.indexOf('.');
        String contract = dot < 0 ? name : name.substring(0, dot);
        if (contract.isEmpty()) return null;
        return new WorkerName(name, contract, dot < 0 ? "" : name.substring(dot + 1));
    }
}
