package dev.quarry.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every line a profile sends equals the firmware's own printf template from wire_messages.json. */
class FirmwareProfileWireTest {

    /** The JSON object at the start of a template, without the trailing "\n" and annotations. */
    static String jsonPart(String template) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (inString) {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return template.substring(0, i + 1);
            }
        }
        throw new IllegalArgumentException("no JSON object in template " + template);
    }

    static String fill(String template, Object... args) {
        String t = jsonPart(template).replace("%08lx", "%08x").replace("%u", "%d");
        return String.format(t, args);
    }

    static String template(String firmware, String containing) {
        for (JsonNode t : Vectors.templates(firmware)) if (t.asText().contains(containing)) return t.asText();
        throw new IllegalStateException(firmware + " has no template containing " + containing);
    }

    @Test
    void espMinerHandshakeIsTheFirmwaresOwnLines() {
        FirmwareProfile p = FirmwareProfile.ESP_MINER;
        assertEquals(fill(template("ESP-Miner", "mining.configure"), 1), p.configureLine(1));
        assertEquals(fill(template("ESP-Miner", "mining.subscribe"), 2, "BM1370", "v2.9.0"), p.subscribeLine(2, "ignored"));
        assertEquals(fill(template("ESP-Miner", "mining.authorize"), 3, "demo.rig0", "x"), p.authorizeLine(3, "demo.rig0", "x"));
        assertEquals(fill(template("ESP-Miner", "mining.extranonce.subscribe"), 4), p.extranonceSubscribeLine(4));
        assertEquals(fill(template("ESP-Miner", "\"pong\""), 42), p.pingReply("42"));
        assertEquals(fill(template("ESP-Miner", "\"result\""), 10, "v2.9.0"), p.versionReply("10"));
    }

    @Test
    void espMinerSubmitsSixParamsWithRolledXorJobVersion() {
        String line = FirmwareProfile.ESP_MINER.submitLine(5, "w.1", "1", "c7080000", 0x64b3f3ec, 0xed460d91,
                0x20000000, 0x20002000, true, 0x1fffe000);
        assertEquals(fill(template("ESP-Miner", "mining.submit"), 5, "w.1", "1", "c7080000", 0x64b3f3ec, 0xed460d91, 0x00002000), line);
        // not rolling: the 6th param is still there, as 00000000
        String plain = FirmwareProfile.ESP_MINER.submitLine(6, "w.1", "1", "00000000", 1, 2, 0x20000000, 0x20000000, false, 0);
        assertEquals(fill(template("ESP-Miner", "mining.submit"), 6, "w.1", "1", "00000000", 1, 2, 0), plain);
    }

    @Test
    void cgminerLinesFollowItsTemplates() {
        FirmwareProfile p = FirmwareProfile.CGMINER;
        assertEquals(fill(template("cgminer 4.x", "mining.configure"), 1, 0xffffffffL), p.configureLine(1));
        assertEquals(fill(template("cgminer 4.x", "mining.subscribe").replace("<VERSION>", "%s"), 2, "4.12.1"), p.subscribeLine(2, null));
        assertEquals(fill(template("cgminer 4.x", "mining.authorize"), 3, "demo.rig1", "x"), p.authorizeLine(3, "demo.rig1", "x"));
        assertEquals(fill(template("cgminer 4.x", "\"pong\""), 42), p.pingReply("42"));
        // resume: the previous session id as second subscribe param
        assertEquals("{\"id\": 2, \"method\": \"mining.subscribe\", \"params\": [\"cgminer/4.12.1\", \"0000abcd\"]}", p.subscribeLine(2, "0000abcd"));
    }

    @Test
    void cgminerSubmitsFiveParamsWithoutRollingAndMaskedBitsWithIt() {
        String t5 = template("cgminer 4.x", "mining.submit");
        String five = FirmwareProfile.CGMINER.submitLine(7, "demo.rig1", "ab", "01000000", 0x64b3f3ec, 0x1234, 0x20000000, 0x20000000, false, 0);
        assertEquals(fill(t5, "demo.rig1", "ab", "01000000", "64b3f3ec", "00001234", 7), five);
        String t6 = jsonPart(t5).replace("\"%s\"],", "\"%s\", \"%s\"],");
        String six = FirmwareProfile.CGMINER.submitLine(8, "demo.rig1", "ab", "01000000", 0x64b3f3ec, 0x1234, 0x20000000, 0x20b44000, true, 0x1fffe000);
        assertEquals(String.format(t6, "demo.rig1", "ab", "01000000", "64b3f3ec", "00001234", "00b44000", 8), six);
    }

    @Test
    void braiinsSendsNonStandardBitCountAndDeltaVersionBits() {
        FirmwareProfile p = FirmwareProfile.BRAIINS;
        assertEquals(fill(template("Braiins bmminer fork (Braiins OS, S9)", "mining.configure"), 1, 2, 0xffffffffL), p.configureLine(1));
        assertEquals(fill(template("Braiins bmminer fork (Braiins OS, S9)", "mining.extranonce.subscribe"), 3), p.extranonceSubscribeLine(3));
        String submit = p.submitLine(9, "demo.rig2", "1", "00000001", 0x64b3f3ec, 0xed460d91, 0x20000000, 0x20002000, true, 0x1fffe000);
        assertEquals(fill(template("Braiins bmminer fork (Braiins OS, S9)", "mining.submit"),
                "demo.rig2", "1", "00000001", "64b3f3ec", "ed460d91", 0x00002000, 9), submit);
    }

    @Test
    void profilesDifferOnlyWhenTheJobVersionHasBitsInsideTheMask() throws Exception {
        // job version 0x20002000 (a mask bit set), miner hashed 0x20004000
        int job = 0x20002000, rolled = 0x20004000, mask = 0x1fffe000;
        assertEquals("00006000", versionBits(FirmwareProfile.ESP_MINER.submitLine(1, "w", "j", "00", 1, 1, job, rolled, true, mask)));
        assertEquals("00004000", versionBits(FirmwareProfile.CGMINER.submitLine(1, "w", "j", "00", 1, 1, job, rolled, true, mask)));
        assertEquals("00006000", versionBits(FirmwareProfile.BRAIINS.submitLine(1, "w", "j", "00", 1, 1, job, rolled, true, mask)));
        // with the mask bits of the job version clear (what a pool should send) all three agree
        for (FirmwareProfile p : FirmwareProfile.values()) {
            assertEquals("00b44000", versionBits(p.submitLine(1, "w", "j", "00", 1, 1, 0x20000000, 0x20b44000, true, mask)), p.name());
        }
    }

    private static String versionBits(String line) throws Exception {
        return ScriptedPool.JSON.readTree(line).get("params").get(5).asText();
    }

    @Test
    void workerNamesAreJsonEscaped() {
        String line = FirmwareProfile.ESP_MINER.authorizeLine(3, "a\"b\\c", "x");
        assertEquals("{\"id\":3,\"method\":\"mining.authorize\",\"params\":[\"a\\\"b\\\\c\",\"x\"]}", line);
    }

    @Test
    void profileNamesAndAliases() {
        assertEquals(FirmwareProfile.ESP_MINER, FirmwareProfile.byName("bitaxe"));
        assertEquals(FirmwareProfile.CGMINER, FirmwareProfile.byName("Antminer"));
        assertEquals(FirmwareProfile.BRAIINS, FirmwareProfile.byName("braiins"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FirmwareProfile.byName("nerdminer"));
        assertEquals("unknown firmware profile 'nerdminer' (esp-miner, cgminer, braiins)", e.getMessage());
    }
}
