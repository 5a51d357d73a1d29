package dev.quarry.api;

import dev.quarry.accounting.store.Database;
import dev.quarry.api.auth.ApiKeyService;
import dev.quarry.api.auth.JdbcAuthStore;
import dev.quarry.api.auth.MasterKey;
import dev.quarry.api.auth.SecretBox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiKeysCommandTest {

    @TempDir
    Path dir;

    private String run(String... args) {
        ApiKeysCommand cmd = new ApiKeysCommand();
        StringWriter sw = new StringWriter();
        cmd.out = new PrintWriter(sw, true);
        int code = new CommandLine(cmd).execute(args);
        return code + "\n" + sw;
    }

    @Test
    void createdKeyOpensWithTheGeneratedMasterKeyAndCanBeListedAndRevoked() throws Exception {
        String d = dir.toString();
        String created = run("--data-dir", d, "create", "--holder", "alice", "--scopes", "read,payout", "--label", "laptop");
        assertTrue(created.startsWith("0\n"), created);
        String keyId = created.lines().filter(l -> l.startsWith("key id:")).findFirst().orElseThrow().substring(8).trim();
        String secret = created.lines().filter(l -> l.startsWith("secret:")).findFirst().orElseThrow().substring(8).trim();
        assertTrue(Files.exists(dir.resolve(MasterKey.FILE_NAME)));

        // the pool, opening the same database and master key, resolves the same secret
        try (Database db = Database.sqlite(dir)) {
            SecureRandom r = new SecureRandom();
            ApiKeyService keys = new ApiKeyService(new JdbcAuthStore(() -> db.dataSource().getConnection()),
                    new SecretBox(MasterKey.resolve(null, null, dir, r), r), r);
            assertEquals(secret, new String(keys.resolve(keyId).orElseThrow().secretUtf8(), StandardCharsets.UTF_8));
        }
        String listed = run("--data-dir", d, "list", "--holder", "alice");
        assertTrue(listed.contains(keyId) && listed.contains("read,payout") && listed.contains("active") && listed.contains("laptop"), listed);
        assertTrue(!listed.contains(secret), "list never shows the secret");
        assertTrue(run("--data-dir", d, "revoke", "--holder", "alice", "--key", keyId).startsWith("0\n"));
        assertTrue(run("--data-dir", d, "list", "--holder", "alice").contains("revoked"));
        assertTrue(run("--data-dir", d, "revoke", "--holder", "alice", "--key", keyId).startsWith("1\n"));
        assertTrue(run("--data-dir", d, "create", "--holder", "alice", "--scopes", "admin").contains("unknown scope 'admin'"));
    }
}
