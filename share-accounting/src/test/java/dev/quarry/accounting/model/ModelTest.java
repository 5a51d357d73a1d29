package dev.quarry.accounting.model;

import dev.quarry.accounting.Accounting;
import dev.quarry.accounting.store.Dialect;
import dev.quarry.accounting.testing.Fixture;
import dev.quarry.pow.address.InvalidAddressException;
import dev.quarry.pow.address.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelTest {

    @Test
    void payoutAddressIsValidatedForTheNetwork() {
        // BIP173 mainnet P2WPKH example
        Holder ok = new Holder("h1", "Ann", "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", Network.MAINNET);
        assertEquals("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", ok.payoutAddress(), "stored in canonical form");
        assertThrows(InvalidAddressException.class, () -> new Holder("h1", "Ann", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", Network.TESTNET));
        assertThrows(InvalidAddressException.class, () -> new Holder("h1", "Ann", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", Network.MAINNET));
        assertThrows(InvalidAddressException.class, () -> new Holder("h1", "Ann", "", Network.MAINNET));
        assertThrows(IllegalArgumentException.class, () -> new Holder("h.1", "Ann", ok.payoutAddress(), Network.MAINNET));
    }

    @Test
    void hashrateIsExactFixedPoint() {
        assertEquals(100_000, Hashrate.ofThs("100").milliThs());
        assertEquals(12_345, Hashrate.ofThs("12.345").milliThs());
        assertEquals(new BigDecimal("0.001"), new Hashrate(1).ths());
        assertThrows(IllegalArgumentException.class, () -> Hashrate.ofThs("1.0005"));
        assertThrows(IllegalArgumentException.class, () -> Hashrate.ofThs("-1"));
        assertThrows(IllegalArgumentException.class, () -> Hashrate.ofThs("ten"));
    }

    @Test
    void contractsAreValidated() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        assertThrows(IllegalArgumentException.class, () -> new Contract("c", "h", Hashrate.ofThs("1"), t, t, 0, 0, ContractKind.POOLED, ContractStatus.ACTIVE));
        assertThrows(IllegalArgumentException.class, () -> new Contract("c", "h", Hashrate.ofThs("1"), t, t.plusSeconds(1), -1, 0, ContractKind.POOLED, ContractStatus.ACTIVE));
        assertThrows(IllegalArgumentException.class, () -> new Contract("a.b", "h", Hashrate.ofThs("1"), t, t.plusSeconds(1), 0, 0, ContractKind.POOLED, ContractStatus.ACTIVE));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void workersAreAuthorizedOnlyForActiveContractsAndTheDemoExists(Dialect dialect) {
        try (Fixture f = new Fixture(dialect)) {
            Contract demo = f.accounting.createDemo();
            assertEquals(demo, f.accounting.createDemo(), "idempotent");
            assertEquals(Accounting.DEMO_CONTRACT, demo.id());
            assertEquals(ContractKind.DEDICATED, demo.kind());
            assertEquals(demo, f.accounting.contractForWorker("demo").orElseThrow());
            assertTrue(f.accounting.contractForWorker("nope").isEmpty());
            assertTrue(f.accounting.contractForWorker("bad id!").isEmpty());
            assertTrue(f.accounting.isFarmAccount("farm"));
            f.accounting.contracts().setStatus("demo", ContractStatus.SUSPENDED);
            assertTrue(f.accounting.contractForWorker("demo").isEmpty());
            Holder h = f.accounting.contracts().requireHolder(Accounting.DEMO_HOLDER);
            assertEquals(Network.REGTEST, h.network());
        }
    }
}
