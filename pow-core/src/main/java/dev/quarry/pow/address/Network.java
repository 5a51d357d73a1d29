package dev.quarry.pow.address;

import java.util.Locale;

/**
 * The Bitcoin networks a pool can mine on, with their address prefixes.
 *
 * <p>Testnet3, testnet4 and signet share every prefix (base58 versions 0x6f/0xc4, bech32 "tb"),
 * so an address cannot tell them apart; regtest shares the base58 versions but has its own
 * bech32 prefix "bcrt".
 */
public enum Network {
    MAINNET("main", "bc", 0x00, 0x05),
    TESTNET("test", "tb", 0x6f, 0xc4),
    SIGNET("signet", "tb", 0x6f, 0xc4),
    REGTEST("regtest", "bcrt", 0x6f, 0xc4);

    private final String chainName;
    private final String bech32Hrp;
    private final int p2pkhVersion;
    private final int p2shVersion;

    Network(String chainName, String bech32Hrp, int p2pkhVersion, int p2shVersion) {
        this.chainName = chainName;
        this.bech32Hrp = bech32Hrp;
        this.p2pkhVersion = p2pkhVersion;
        this.p2shVersion = p2shVersion;
    }

    /**
     * Maps the {@code chain} field of bitcoind's getblockchaininfo ("main", "test", "testnet4",
     * "signet", "regtest") to a network. Also accepts the enum names in any case.
     *
     * @throws IllegalArgumentException for any other name, listing the accepted ones
     */
    public static Network fromName(String name) {
        if (name != null) {
            switch (name.trim().toLowerCase(Locale.ROOT)) {
                case "main": case "mainnet": return MAINNET;
                case "test": case "testnet": case "testnet3": case "testnet4": return TESTNET;
                case "signet": return SIGNET;
                case "regtest": return REGTEST;
                default: break;
            }
        }
        throw new IllegalArgumentException("unknown Bitcoin network '" + name
                + "' (expected one of: main, test, testnet4, signet, regtest)");
    }

    /** bitcoind's chain name for this network ("main", "test", "signet", "regtest"). */
    public String chainName() {
        return chainName;
    }

    /** Human-readable part of this network's segwit addresses. */
    public String bech32Hrp() {
        return bech32Hrp;
    }

    /** Base58Check version byte of P2PKH addresses. */
    public int p2pkhVersion() {
        return p2pkhVersion;
    }

    /** Base58Check version byte of P2SH addresses. */
    public int p2shVersion() {
        return p2shVersion;
    }

    /** Name used in error messages: "mainnet", "testnet", "signet", "regtest". */
    public String displayName() {
        return this == MAINNET ? "mainnet" : name().toLowerCase(Locale.ROOT);
    }
}
