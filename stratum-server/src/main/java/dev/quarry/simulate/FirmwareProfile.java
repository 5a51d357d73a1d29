package dev.quarry.simulate;

import java.util.Locale;

/**
 * How one firmware family talks Stratum: the exact lines it sends (spacing and key order as in its
 * source, see testvectors/wire_messages.json) and the quirks a pool must survive. Pure formatting;
 * no I/O.
 */
public enum FirmwareProfile {

    /** Bitaxe / ESP-Miner: configure, subscribe, authorize pipelined as ids 1, 2, 3; always 6 submit params (rolled ^ job version). */
    ESP_MINER("esp-miner", "bitaxe/BM1370/v2.9.0") {
        @Override
        public String configureLine(int id) {
            return "{\"id\":" + id + ",\"method\":\"mining.configure\",\"params\":[[\"version-rolling\"],{\"version-rolling.mask\":\"ffffffff\"}]}";
        }

        @Override
        public String subscribeLine(int id, String sessionId) {
            // ESP-Miner never resumes a session: it sends only its user agent.
            return "{\"id\":" + id + ",\"method\":\"mining.subscribe\",\"params\":[" + Json.quote(userAgent()) + "]}";
        }

        @Override
        public String authorizeLine(int id, String user, String password) {
            return "{\"id\":" + id + ",\"method\":\"mining.authorize\",\"params\":[" + Json.quote(user) + "," + Json.quote(password) + "]}";
        }

        @Override
        public String extranonceSubscribeLine(int id) {
            return "{\"id\":" + id + ",\"method\":\"mining.extranonce.subscribe\",\"params\":[]}";
        }

        @Override
        public String submitLine(int id, String worker, String jobId, String extranonce2, int ntime, int nonce,
                                 int jobVersion, int rolledVersion, boolean rolling, int mask) {
            // ESP-Miner: version_bits = rolled ^ job version, always present ("00000000" when not rolling).
            return "{\"id\":" + id + ",\"method\":\"mining.submit\",\"params\":[" + Json.quote(worker) + "," + Json.quote(jobId)
                    + ",\"" + extranonce2 + "\",\"" + hex8(ntime) + "\",\"" + hex8(nonce) + "\",\"" + hex8(rolledVersion ^ jobVersion) + "\"]}";
        }

        @Override
        public String pingReply(String idJson) {
            return "{\"id\":" + idJson + ",\"method\":\"pong\",\"params\":[]}";
        }

        @Override
        public String versionReply(String idJson) {
            return "{\"id\":" + idJson + ",\"result\":\"" + "v2.9.0" + "\",\"error\":null}";
        }

        @Override public boolean pipelinesHandshake() { return true; }
        @Override public boolean requiresVersionRolling() { return false; }
        @Override public boolean resetsExtranonce2PerJob() { return true; }
        @Override public boolean sendsExtranonceSubscribe() { return true; }
        @Override public boolean readsCleanFlagFromLastParam() { return true; }
        @Override public boolean followsReconnectTarget() { return false; }
        @Override public boolean deduplicatesJobIds() { return true; }
    },

    /** cgminer 4.x as on Antminers (USE_VMASK): configure, then subscribe, then authorize, each after the previous reply. */
    CGMINER("cgminer", "cgminer/4.12.1") {
        @Override
        public String configureLine(int id) {
            return "{\"id\": " + id + ", \"method\": \"mining.configure\", \"params\": [[\"version-rolling\"], {\"version-rolling.mask\": \"ffffffff\"}]}";
        }

        @Override
        public String submitLine(int id, String worker, String jobId, String extranonce2, int ntime, int nonce,
                                 int jobVersion, int rolledVersion, boolean rolling, int mask) {
            StringBuilder sb = new StringBuilder(160).append("{\"params\": [").append(Json.quote(worker)).append(", ")
                    .append(Json.quote(jobId)).append(", \"").append(extranonce2).append("\", \"").append(hex8(ntime))
                    .append("\", \"").append(hex8(nonce)).append('"');
            // cgminer sends the rolled bits themselves (a subset of the mask), and only after a successful configure.
            if (rolling) sb.append(", \"").append(hex8(rolledVersion & mask)).append('"');
            return sb.append("], \"id\": ").append(id).append(", \"method\": \"mining.submit\"}").toString();
        }

        @Override public boolean pipelinesHandshake() { return false; }
        @Override public boolean requiresVersionRolling() { return true; }
        @Override public boolean resetsExtranonce2PerJob() { return false; }
        @Override public boolean sendsExtranonceSubscribe() { return false; }
        @Override public boolean readsCleanFlagFromLastParam() { return false; }
        @Override public boolean followsReconnectTarget() { return true; }
        @Override public boolean deduplicatesJobIds() { return false; }
    },

    /** Braiins OS (bmminer fork): configure with the non-standard "version-rolling.bit-count", extranonce.subscribe, delta version bits. */
    BRAIINS("braiins", "bmminer/2.0.0") {
        @Override
        public String configureLine(int id) {
            return "{\"id\": " + id + ", \"method\": \"mining.configure\", \"params\": [[\"version-rolling\"], {\"version-rolling.bit-count\": 2, \"version-rolling.mask\": \"ffffffff\"}]}";
        }

        @Override
        public String extranonceSubscribeLine(int id) {
            return "{\"id\": " + id + ", \"method\": \"mining.extranonce.subscribe\", \"params\": []}";
        }

        @Override
        public String submitLine(int id, String worker, String jobId, String extranonce2, int ntime, int nonce,
                                 int jobVersion, int rolledVersion, boolean rolling, int mask) {
            // bmminer: 6th param is "%08x" of job_version ^ work_version (a delta).
            return "{\"params\": [" + Json.quote(worker) + ", " + Json.quote(jobId) + ", \"" + extranonce2 + "\", \""
                    + hex8(ntime) + "\", \"" + hex8(nonce) + "\", \"" + hex8(jobVersion ^ rolledVersion) + "\"], \"id\": " + id
                    + ", \"method\": \"mining.submit\"}";
        }

        @Override public boolean pipelinesHandshake() { return false; }
        @Override public boolean requiresVersionRolling() { return true; }
        @Override public boolean resetsExtranonce2PerJob() { return false; }
        @Override public boolean sendsExtranonceSubscribe() { return true; }
        @Override public boolean readsCleanFlagFromLastParam() { return false; }
        @Override public boolean followsReconnectTarget() { return true; }
        @Override public boolean deduplicatesJobIds() { return false; }
    };

    private final String cliName;
    private final String userAgent;

    FirmwareProfile(String cliName, String userAgent) {
        this.cliName = cliName;
        this.userAgent = userAgent;
    }

    public String cliName() {
        return cliName;
    }

    public String userAgent() {
        return userAgent;
    }

    public static FirmwareProfile byName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (FirmwareProfile p : values()) {
            if (p.cliName.equals(n) || p.name().equalsIgnoreCase(n)) return p;
        }
        if (n.equals("bitaxe") || n.equals("esp")) return ESP_MINER;
        if (n.equals("antminer")) return CGMINER;
        if (n.equals("bos") || n.equals("bmminer")) return BRAIINS;
        throw new IllegalArgumentException("unknown firmware profile '" + name + "' (esp-miner, cgminer, braiins)");
    }

    public abstract String configureLine(int id);

    /** cgminer-family subscribe; {@code sessionId} (the notify subscription id from the last session) resumes it. */
    public String subscribeLine(int id, String sessionId) {
        return "{\"id\": " + id + ", \"method\": \"mining.subscribe\", \"params\": [" + Json.quote(userAgent)
                + (sessionId == null ? "" : ", " + Json.quote(sessionId)) + "]}";
    }

    public String authorizeLine(int id, String user, String password) {
        return "{\"id\": " + id + ", \"method\": \"mining.authorize\", \"params\": [" + Json.quote(user) + ", " + Json.quote(password) + "]}";
    }

    public String extranonceSubscribeLine(int id) {
        throw new UnsupportedOperationException(cliName + " does not send mining.extranonce.subscribe");
    }

    /**
     * One share. {@code rolledVersion} is the header version the miner hashed; each profile encodes
     * its 6th parameter its own way (ESP-Miner XOR, cgminer masked bits, bmminer delta).
     */
    public abstract String submitLine(int id, String worker, String jobId, String extranonce2, int ntime, int nonce,
                                      int jobVersion, int rolledVersion, boolean rolling, int mask);

    /** Reply to {@code mining.ping}; {@code idJson} is the request id as raw JSON. */
    public String pingReply(String idJson) {
        return "{\"id\": " + idJson + ", \"result\": \"pong\", \"error\": null}";
    }

    public String versionReply(String idJson) {
        return "{\"id\": " + idJson + ", \"result\": " + Json.quote(userAgent) + ", \"error\": null}";
    }

    /** Sends configure, subscribe and authorize back to back without waiting for replies. */
    public abstract boolean pipelinesHandshake();

    /** Aborts the connection when configure does not grant version rolling with a non-zero mask. */
    public abstract boolean requiresVersionRolling();

    /** Restarts its extranonce2 counter at zero for every new job. */
    public abstract boolean resetsExtranonce2PerJob();

    public abstract boolean sendsExtranonceSubscribe();

    /** Takes clean_jobs from the last notify parameter (ESP-Miner) rather than index 8 (cgminer). */
    public abstract boolean readsCleanFlagFromLastParam();

    /** Honours host/port in client.reconnect (cgminer family) instead of its configured pool (ESP-Miner). */
    public abstract boolean followsReconnectTarget();

    /** Drops a notify whose job id it already holds (ESP-Miner). */
    public abstract boolean deduplicatesJobIds();

    static String hex8(int v) {
        String s = Integer.toHexString(v);
        return s.length() == 8 ? s : "00000000".substring(s.length()) + s;
    }
}
