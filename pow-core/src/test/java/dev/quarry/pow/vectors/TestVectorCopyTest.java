package dev.quarry.pow.vectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The classpath copy of the vectors must be byte-identical to ../shared/testvectors whenever that folder exists. */
class TestVectorCopyTest {

    private static Path sharedFolder() {
        String prop = System.getProperty("quarry.testvectors");
        return prop == null ? null : Path.of(prop);
    }

    @Test
    void classpathCopyIsByteIdenticalToSharedFolder() throws IOException {
        Path shared = sharedFolder();
        assumeTrue(shared != null && Files.isDirectory(shared),
                "shared test vector folder not present (property quarry.testvectors): nothing to compare");
        for (String name : TestVectors.FILES) {
            byte[] original = Files.readAllBytes(shared.resolve(name));
            assertArrayEquals(original, TestVectors.bytes(name), name + " differs from " + shared);
        }
    }

    @Test
    void everyJsonFileOfTheSharedFolderIsCopied() throws IOException {
        Path shared = sharedFolder();
        assumeTrue(shared != null && Files.isDirectory(shared),
                "shared test vector folder not present (property quarry.testvectors): nothing to compare");
        TreeSet<String> sharedJson = new TreeSet<>();
        try (Stream<Path> files = Files.list(shared)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).forEach(sharedJson::add);
        }
        assertEquals(sharedJson, new TreeSet<>(TestVectors.FILES));
    }
}
