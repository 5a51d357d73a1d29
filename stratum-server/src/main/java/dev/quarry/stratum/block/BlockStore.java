package dev.quarry.stratum.block;

import dev.quarry.pow.hex.Hex;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Found blocks on disk, one set of files per block under one directory:
 * {@code <height>-<hash>.meta} (height, hash, reward, finder, time), {@code <height>-<hash>.hex} (the block,
 * hex, as for submitblock) and, once a node answered, {@code <height>-<hash>.verdict}. Every file is
 * written to a temporary name, fsynced, renamed atomically, and the directory fsynced.
 */
public final class BlockStore {
    /** A block as found on disk. */
    public record Stored(FoundBlock block, byte[] data) {
    }

    private final Path dir;

    public BlockStore(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
    }

    public Path dir() {
        return dir;
    }

    private static String baseName(long height, String hash) {
        return height + "-" + hash;
    }

    public Path blockFile(long height, String hash) {
        return dir.resolve(baseName(height, hash) + ".hex");
    }

    public Path verdictFile(long height, String hash) {
        return dir.resolve(baseName(height, hash) + ".verdict");
    }

    /** Writes meta and block (meta first, so a block file always has its meta). */
    public void writeBlock(FoundBlock b, byte[] block) throws IOException {
        Properties p = new Properties();
        p.setProperty("height", Long.toString(b.height()));
        p.setProperty("hash", b.hash());
        p.setProperty("reward", Long.toString(b.reward()));
        p.setProperty("finder", b.finder());
        p.setProperty("foundAtMillis", Long.toString(b.foundAtMillis()));
        StringWriter sw = new StringWriter();
        p.store(sw, null);
        String base = baseName(b.height(), b.hash());
        writeAtomically(dir.resolve(base + ".meta"), sw.toString().getBytes(StandardCharsets.UTF_8));
        writeAtomically(dir.resolve(base + ".hex"), (Hex.encode(block) + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    public void writeVerdict(long height, String hash, String verdict) throws IOException {
        writeAtomically(verdictFile(height, hash), (verdict + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Every stored block with its verdict (null when none was recorded). */
    public List<Stored> load() throws IOException {
        List<Stored> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path hexFile : files.filter(f -> f.getFileName().toString().endsWith(".hex")).sorted().toList()) {
                String name = hexFile.getFileName().toString();
                String base = name.substring(0, name.length() - 4);
                int dash = base.indexOf('-');
                if (dash < 1) continue; // not one of ours
                byte[] data = Hex.decode(Files.readString(hexFile, StandardCharsets.US_ASCII).trim());
                Properties p = new Properties();
                Path meta = dir.resolve(base + ".meta");
                if (Files.exists(meta)) p.load(new StringReader(Files.readString(meta, StandardCharsets.UTF_8)));
                long height = Long.parseLong(p.getProperty("height", base.substring(0, dash)));
                String hash = p.getProperty("hash", base.substring(dash + 1));
                FoundBlock b = new FoundBlock(height, hash, Long.parseLong(p.getProperty("reward", "0")),
                        p.getProperty("finder", "unknown"), Long.parseLong(p.getProperty("foundAtMillis", "0")), null,
                        FoundBlock.Status.SUBMITTING, 0);
                Path v = dir.resolve(base + ".verdict");
                if (Files.exists(v)) b = b.withVerdict(Files.readString(v, StandardCharsets.UTF_8).trim());
                out.add(new Stored(b, data));
            }
        }
        return out;
    }

    private void writeAtomically(Path target, byte[] content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) ch.write(buf);
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true); // the rename itself must survive a crash
        } catch (IOException ignored) {
            // some file systems cannot fsync a directory; the file contents are already durable
        }
    }
}
