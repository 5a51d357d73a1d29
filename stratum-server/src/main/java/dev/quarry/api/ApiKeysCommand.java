package dev.quarry.api;

import dev.quarry.accounting.store.Database;
import dev.quarry.api.auth.ApiKey;
import dev.quarry.api.auth.ApiKeyService;
import dev.quarry.api.auth.JdbcAuthStore;
import dev.quarry.api.auth.MasterKey;
import dev.quarry.api.auth.Scope;
import dev.quarry.api.auth.SecretBox;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code quarry api-key create|list|revoke}: the operator's way to hand a holder their first key
 * (later keys can be made through the API). Works on the same database and master key as the
 * running pool; the secret is printed once.
 */
@Command(name = "api-key", mixinStandardHelpOptions = true,
        description = "Create, list or revoke holder API keys (the secret is printed once, stored encrypted).",
        subcommands = {ApiKeysCommand.Create.class, ApiKeysCommand.ListKeys.class, ApiKeysCommand.Revoke.class})
public final class ApiKeysCommand implements Callable<Integer> {

    @Option(names = "--data-dir", defaultValue = "./quarry-data", description = "data directory (SQLite database, master.key); default ${DEFAULT-VALUE}")
    Path dataDir;

    @Option(names = "--db-url", defaultValue = "", description = "PostgreSQL JDBC URL; empty = SQLite in the data directory")
    String dbUrl;

    @Option(names = "--db-user", defaultValue = "", description = "PostgreSQL user (password from QUARRY_DB_PASSWORD)")
    String dbUser;

    PrintWriter out = new PrintWriter(System.out, true);

    @Override
    public Integer call() {
        out.println("usage: quarry api-key create|list|revoke --holder <id> ... (see --help)");
        return 2;
    }

    interface Work {
        int run(ApiKeyService keys, PrintWriter out) throws Exception;
    }

    int withKeys(Work work) throws Exception {
        try (Database db = dbUrl.isEmpty() ? Database.sqlite(dataDir)
                : Database.postgresql(dbUrl, dbUser, System.getenv("QUARRY_DB_PASSWORD"), null)) {
            SecureRandom random = new SecureRandom();
            byte[] master = MasterKey.resolveFromEnvironment(null, dataDir);
            ApiKeyService keys = new ApiKeyService(new JdbcAuthStore(() -> db.dataSource().getConnection()), new SecretBox(master, random), random);
            return work.run(keys, out);
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a key for a holder and print its id and secret once.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        ApiKeysCommand parent;
        @Option(names = "--holder", required = true, description = "holder id")
        String holder;
        @Option(names = "--scopes", defaultValue = "read", split = ",", description = "read and/or payout; default ${DEFAULT-VALUE}")
        java.util.List<String> scopes;
        @Option(names = "--label", defaultValue = "", description = "free text")
        String label;

        @Override
        public Integer call() throws Exception {
            Set<Scope> set = EnumSet.noneOf(Scope.class);
            try {
                for (String s : scopes) set.add(Scope.parse(s.trim()));
            } catch (IllegalArgumentException e) {
                parent.out.println("quarry api-key: " + e.getMessage());
                return 2;
            }
            return parent.withKeys((keys, out) -> {
                ApiKeyService.CreatedKey k = keys.create(holder, label, set, System.currentTimeMillis() / 1000);
                out.println("key id:  " + k.key().keyId());
                out.println("secret:  " + k.secret());
                out.println("scopes:  " + Scope.encode(k.key().scopes()));
                out.println("The secret is shown only now; Quarry keeps it encrypted.");
                return 0;
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List a holder's keys (never the secrets).")
    static final class ListKeys implements Callable<Integer> {
        @ParentCommand
        ApiKeysCommand parent;
        @Option(names = "--holder", required = true)
        String holder;

        @Override
        public Integer call() throws Exception {
            return parent.withKeys((keys, out) -> {
                for (ApiKey k : keys.list(holder)) {
                    out.printf("%s  %-12s  created %d  %s  %s%n", k.keyId(), Scope.encode(k.scopes()), k.createdAt(),
                            k.revoked() ? "revoked " + k.revokedAt() : "active", k.label());
                }
                return 0;
            });
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke one of a holder's keys.")
    static final class Revoke implements Callable<Integer> {
        @ParentCommand
        ApiKeysCommand parent;
        @Option(names = "--holder", required = true)
        String holder;
        @Option(names = "--key", required = true)
        String keyId;

        @Override
        public Integer call() throws Exception {
            return parent.withKeys((keys, out) -> {
                if (keys.revoke(holder, keyId, System.currentTimeMillis() / 1000)) {
                    out.println("revoked " + keyId);
                    return 0;
                }
                out.println("quarry api-key: no active key " + keyId + " for holder " + holder);
                return 1;
            });
        }
    }
}
