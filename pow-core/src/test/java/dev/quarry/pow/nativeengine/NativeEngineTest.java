package dev.quarry.pow.nativeengine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The quarry.native switch, the loader's platform mapping and the path decision. */
class NativeEngineTest {

    @Test
    void modeParsesTheDocumentedValuesAndRejectsOthers() {
        assertEquals(NativeMode.AUTO, NativeMode.parse(null));
        assertEquals(NativeMode.AUTO, NativeMode.parse(" "));
        assertEquals(NativeMode.AUTO, NativeMode.parse("auto"));
        assertEquals(NativeMode.ON, NativeMode.parse("ON"));
        assertEquals(NativeMode.OFF, NativeMode.parse("off"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NativeMode.parse("fast"));
        assertTrue(e.getMessage().contains("quarry.native") && e.getMessage().contains("fast"), e.getMessage());
    }

    @Test
    void libraryExistsOnlyForLinuxX8664() {
        assertEquals("/native/linux-x86_64/libquarrysha.so", NativeLibraryLoader.resourceFor("Linux", "amd64"));
        assertEquals("/native/linux-x86_64/libquarrysha.so", NativeLibraryLoader.resourceFor("Linux", "x86_64"));
        assertNull(NativeLibraryLoader.resourceFor("Linux", "aarch64"));
        assertNull(NativeLibraryLoader.resourceFor("Mac OS X", "x86_64"));
    }

    @Test
    void offNeverLoadsAndReportsJava() {
        NativeEngine.Status s = NativeEngine.decide(NativeMode.OFF);
        assertEquals(ShaPath.JAVA, s.path());
        assertTrue(s.describe().contains("java") && s.describe().contains("off"), s.describe());
    }

    @Test
    void autoUsesNativeExactlyWhenTheCpuHasShaNi() {
        NativeTestSupport.loadBest();
        boolean shaNi = NativeSha.cpuHasShaNi() == 1;
        NativeEngine.Status s = NativeEngine.decide(NativeMode.AUTO);
        assertEquals(shaNi ? ShaPath.NATIVE_SHA_NI : ShaPath.JAVA, s.path(), s.describe());
        if (shaNi) {
            assertTrue(s.describe().startsWith("share validation: native-sha-ni"), s.describe());
        } else {
            assertTrue(s.reason().contains("SHA-NI"), s.reason());
        }
    }

    @Test
    void onFailsLoudlyWithoutShaNiAndSucceedsWithIt() {
        NativeTestSupport.loadBest();
        if (NativeSha.cpuHasShaNi() == 1) {
            assertEquals(ShaPath.NATIVE_SHA_NI, NativeEngine.decide(NativeMode.ON).path());
        } else {
            NativeUnavailableException e = assertThrows(NativeUnavailableException.class,
                    () -> NativeEngine.decide(NativeMode.ON));
            assertTrue(e.getMessage().contains("quarry.native=on"), e.getMessage());
        }
    }

    @Test
    void batchLanesFollowTheBackEnd() {
        int engine = NativeTestSupport.loadBest();
        try {
            int lanes = NativeSha.batchLanes();
            assertTrue(engine == NativeSha.ENGINE_SHANI ? lanes == 2 || lanes == 16 : lanes == 1, "lanes " + lanes);
            assertEquals(NativeSha.ENGINE_PORTABLE, NativeSha.selectEngine(NativeSha.ENGINE_PORTABLE));
            assertEquals(1, NativeSha.batchLanes());
        } finally {
            NativeTestSupport.loadBest();
        }
    }

    @Test
    void malformedRecordsAreRejectedByTheLibraryNotRead() {
        NativeTestSupport.loadBest();
        byte[] job = new byte[NativeSha.JOB_DATA + 8];
        LittleEndianInts.put(job, NativeSha.JOB_C1LEN, 9);  // one byte more than the record holds
        assertEquals(NativeSha.ERR_JOB, NativeSha.prepareJob(job));
        LittleEndianInts.put(job, NativeSha.JOB_C1LEN, 8);
        assertEquals(NativeSha.OK, NativeSha.prepareJob(job));
        byte[] io = new byte[512];
        LittleEndianInts.put(io, NativeSha.SHARE_EN1LEN, 100);
        assertEquals(NativeSha.ERR_SHARE, NativeSha.validate(job, job.length, io, NativeSha.SHARE_DATA + 100, 300));
        LittleEndianInts.put(io, NativeSha.SHARE_EN1LEN, 0);
        assertEquals(NativeSha.ERR_SPACE, NativeSha.validate(job, job.length, io, NativeSha.SHARE_DATA, 400));
        assertEquals(NativeSha.ERR_JOB, NativeSha.validate(job, job.length + 1, io, NativeSha.SHARE_DATA, 300));
        assertEquals(NativeSha.OK, NativeSha.validate(job, job.length, io, NativeSha.SHARE_DATA, 300));
        // a batch table entry pointing outside the array names the entry: -(1000 * (index + 1)) + code
        byte[] b = new byte[NativeSha.BATCH_ENTRY];
        LittleEndianInts.put(b, 0, 0);
        LittleEndianInts.put(b, 4, 1 << 20);
        assertEquals(-1000 + NativeSha.ERR_JOB, NativeSha.validateBatch(b, 1));
        assertEquals(NativeSha.ERR_SPACE, NativeSha.validateBatch(b, 2));
    }
}
