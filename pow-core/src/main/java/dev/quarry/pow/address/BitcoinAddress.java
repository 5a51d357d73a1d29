package dev.quarry.pow.address;

import dev.quarry.pow.address.InvalidAddressException.Reason;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * A payout address, decoded and checked for one network: P2PKH and P2SH (Base58Check), witness v0
 * P2WPKH/P2WSH (Bech32, BIP173), P2TR and future witness versions (Bech32m, BIP350).
 * Immutable; {@link #scriptPubKey()} is what goes into the coinbase output.
 */
public final class BitcoinAddress {

    private static final int OP_0 = 0x00;
    private static final int OP_1 = 0x51;
    private static final int OP_DUP = 0x76;
    private static final int OP_HASH160 = 0xa9;
    private static final int OP_EQUAL = 0x87;
    private static final int OP_EQUALVERIFY = 0x88;
    private static final int OP_CHECKSIG = 0xac;
    private static final int WIF_MAINNET = 0x80;
    private static final int WIF_TESTNET = 0xef;

    private final Network network;
    private final AddressType type;
    /** 0..16 for segwit, -1 for base58 types. */
    private final int witnessVersion;
    /** The 20-byte hash (base58 types) or the witness program. */
    private final byte[] program;
    private final String canonical;

    private BitcoinAddress(Network network, AddressType type, int witnessVersion, byte[] program, String canonical) {
        this.network = network;
        this.type = type;
        this.witnessVersion = witnessVersion;
        this.program = program;
        this.canonical = canonical;
    }

    /**
     * Decodes an address and checks that it belongs to {@code network}.
     *
     * @throws InvalidAddressException with a message that says what is wrong (checksum, wrong network and
     *                                 which one the address belongs to, program length, case, bech32 vs bech32m, ...)
     */
    public static BitcoinAddress parse(String address, Network network) {
        Objects.requireNonNull(network, "network");
        if (address == null || address.isEmpty()) throw new InvalidAddressException(Reason.EMPTY, "the address is empty");
        try {
            return decode(address, network);
        } catch (InvalidAddressException e) {
            // Never echo a private key into logs.
            String shown = e.reason() == Reason.PRIVATE_KEY ? "(private key, not shown)" : "'" + printable(address) + "'";
            throw new InvalidAddressException(e.reason(), shown + " is not a valid " + network.displayName()
                    + " address: " + e.getMessage());
        }
    }

    /**
     * The address that pays to a standard scriptPubKey (P2PKH, P2SH or a witness program).
     *
     * @throws IllegalArgumentException when the script is none of these
     */
    public static BitcoinAddress fromScriptPubKey(byte[] script, Network network) {
        Objects.requireNonNull(network, "network");
        int n = script.length;
        if (n == 25 && (script[0] & 0xff) == OP_DUP && (script[1] & 0xff) == OP_HASH160 && script[2] == 20
                && (script[23] & 0xff) == OP_EQUALVERIFY && (script[24] & 0xff) == OP_CHECKSIG) {
            return base58(network, AddressType.P2PKH, network.p2pkhVersion(), Arrays.copyOfRange(script, 3, 23));
        }
        if (n == 23 && (script[0] & 0xff) == OP_HASH160 && script[1] == 20 && (script[22] & 0xff) == OP_EQUAL) {
            return base58(network, AddressType.P2SH, network.p2shVersion(), Arrays.copyOfRange(script, 2, 22));
        }
        if (n >= 4 && n <= 42 && (script[1] & 0xff) == n - 2) {
            int op = script[0] & 0xff;
            int version = op == OP_0 ? 0 : (op >= OP_1 && op <= OP_1 + 15 ? op - OP_1 + 1 : -1);
            if (version >= 0) {
                byte[] program = Arrays.copyOfRange(script, 2, n);
                if (version != 0 || program.length == 20 || program.length == 32) {
                    return segwit(network, version, program);
                }
            }
        }
        throw new IllegalArgumentException("not a P2PKH, P2SH or witness-program script (" + n + " bytes)");
    }

    public AddressType type() {
        return type;
    }

    public Network network() {
        return network;
    }

    /** Witness version 0..16, or -1 for P2PKH/P2SH. */
    public int witnessVersion() {
        return witnessVersion;
    }

    /** The output script paying to this address (a fresh copy). */
    public byte[] scriptPubKey() {
        switch (type) {
            case P2PKH: {
                byte[] s = new byte[25];
                s[0] = (byte) OP_DUP;
                s[1] = (byte) OP_HASH160;
                s[2] = 20;
                System.arraycopy(program, 0, s, 3, 20);
                s[23] = (byte) OP_EQUALVERIFY;
                s[24] = (byte) OP_CHECKSIG;
                return s;
            }
            case P2SH: {
                byte[] s = new byte[23];
                s[0] = (byte) OP_HASH160;
                s[1] = 20;
                System.arraycopy(program, 0, s, 2, 20);
                s[22] = (byte) OP_EQUAL;
                return s;
            }
            default: {
                byte[] s = new byte[2 + program.length];
                s[0] = (byte) (witnessVersion == 0 ? OP_0 : OP_1 + witnessVersion - 1);
                s[1] = (byte) program.length;
                System.arraycopy(program, 0, s, 2, program.length);
                return s;
            }
        }
    }

    /** Canonical form: Base58Check as encoded, segwit addresses in lower case. */
    @Override
    public String toString() {
        return canonical;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BitcoinAddress && ((BitcoinAddress) o).canonical.equals(canonical)
                && ((BitcoinAddress) o).network == network;
    }

    @Override
    public int hashCode() {
        return canonical.hashCode() * 31 + network.hashCode();
    }

    private static BitcoinAddress decode(String address, Network network) {
        int sep = address.lastIndexOf('1');
        String prefix = sep > 0 ? address.substring(0, sep).toLowerCase(Locale.ROOT) : "";
        if (prefix.equals("bc") || prefix.equals("tb") || prefix.equals("bcrt")) {
            return decodeSegwit(address, network);
        }
        InvalidAddressException base58Failure;
        try {
            return decodeBase58(address, network);
        } catch (InvalidAddressException e) {
            base58Failure = e;
        }
        // Not a Bitcoin base58 address: if it is a well-formed bech32 string, say whose prefix it has.
        Bech32.Decoded other;
        try {
            other = Bech32.decode(address);
        } catch (InvalidAddressException notBech32) {
            throw base58Failure;
        }
        throw new InvalidAddressException(Reason.UNKNOWN_PREFIX, "unknown bech32 prefix '" + other.hrp()
                + "' (a " + network.displayName() + " segwit address starts with '" + network.bech32Hrp() + "1')");
    }

    private static BitcoinAddress decodeSegwit(String address, Network network) {
        Bech32.Decoded d = Bech32.decode(address);
        if (!d.hrp().equals(network.bech32Hrp())) {
            throw new InvalidAddressException(Reason.WRONG_NETWORK, "this is a " + networksOfHrp(d.hrp())
                    + " address, but the network is " + network.displayName());
        }
        byte[] data = d.data();
        if (data.length == 0) {
            throw new InvalidAddressException(Reason.BAD_WITNESS_VERSION, "no witness version: the data part is empty");
        }
        int version = data[0];
        if (version > 16) {
            throw new InvalidAddressException(Reason.BAD_WITNESS_VERSION,
                    "witness version " + version + " does not exist (0..16)");
        }
        Bech32.Encoding expected = version == 0 ? Bech32.Encoding.BECH32 : Bech32.Encoding.BECH32M;
        if (d.encoding() != expected) {
            throw new InvalidAddressException(Reason.CHECKSUM_VARIANT_MISMATCH, version == 0
                    ? "witness version 0 needs a bech32 checksum, this one is bech32m (BIP350)"
                    : "witness version " + version + " needs a bech32m checksum (BIP350), this one is bech32 (old BIP173 encoding)");
        }
        byte[] program = Bech32.convertBits(Arrays.copyOfRange(data, 1, data.length), 5, 8, false);
        if (program.length < 2 || program.length > 40) {
            throw new InvalidAddressException(Reason.BAD_WITNESS_PROGRAM_LENGTH,
                    "witness program is " + program.length + " bytes, it must be 2 to 40");
        }
        if (version == 0 && program.length != 20 && program.length != 32) {
            throw new InvalidAddressException(Reason.BAD_WITNESS_PROGRAM_LENGTH,
                    "witness v0 program is " + program.length + " bytes, it must be 20 (P2WPKH) or 32 (P2WSH)");
        }
        return segwit(network, version, program);
    }

    private static BitcoinAddress decodeBase58(String address, Network network) {
        byte[] payload = Base58.decodeCheck(address);
        int version = payload[0] & 0xff;
        if (version == WIF_MAINNET || version == WIF_TESTNET) {
            throw new InvalidAddressException(Reason.PRIVATE_KEY,
                    "this is a private key (WIF), not an address; do not use it and do not share it");
        }
        boolean mainnetVersion = version == Network.MAINNET.p2pkhVersion() || version == Network.MAINNET.p2shVersion();
        boolean testVersion = version == Network.TESTNET.p2pkhVersion() || version == Network.TESTNET.p2shVersion();
        if (!mainnetVersion && !testVersion) {
            throw new InvalidAddressException(Reason.UNKNOWN_PREFIX, String.format(
                    "unknown base58 version byte 0x%02x (not a Bitcoin P2PKH or P2SH address)", version));
        }
        if (payload.length != 21) {
            throw new InvalidAddressException(Reason.BAD_LENGTH,
                    "base58 address carries " + (payload.length - 1) + " bytes of hash, it must be 20");
        }
        if (mainnetVersion != (network == Network.MAINNET)) {
            throw new InvalidAddressException(Reason.WRONG_NETWORK, "this is a "
                    + (mainnetVersion ? "mainnet" : "testnet/signet/regtest") + " address, but the network is "
                    + network.displayName());
        }
        boolean p2pkh = version == network.p2pkhVersion();
        return new BitcoinAddress(network, p2pkh ? AddressType.P2PKH : AddressType.P2SH, -1,
                Arrays.copyOfRange(payload, 1, 21), Base58.encodeCheck(payload));
    }

    private static BitcoinAddress base58(Network network, AddressType type, int version, byte[] hash) {
        byte[] payload = new byte[21];
        payload[0] = (byte) version;
        System.arraycopy(hash, 0, payload, 1, 20);
        return new BitcoinAddress(network, type, -1, hash, Base58.encodeCheck(payload));
    }

    private static BitcoinAddress segwit(Network network, int version, byte[] program) {
        AddressType type;
        if (version == 0) {
            type = program.length == 20 ? AddressType.P2WPKH : AddressType.P2WSH;
        } else if (version == 1 && program.length == 32) {
            type = AddressType.P2TR;
        } else {
            type = AddressType.WITNESS_UNKNOWN;
        }
        byte[] five = Bech32.convertBits(program, 8, 5, true);
        byte[] data = new byte[five.length + 1];
        data[0] = (byte) version;
        System.arraycopy(five, 0, data, 1, five.length);
        String canonical = Bech32.encode(network.bech32Hrp(), data,
                version == 0 ? Bech32.Encoding.BECH32 : Bech32.Encoding.BECH32M);
        return new BitcoinAddress(network, type, version, program.clone(), canonical);
    }

    private static String networksOfHrp(String hrp) {
        switch (hrp) {
            case "bc": return "mainnet";
            case "tb": return "testnet/signet";
            default: return "regtest";
        }
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        int limit = Math.min(s.length(), 120);
        for (int i = 0; i < limit; i++) {
            char c = s.charAt(i);
            sb.append(c >= 32 && c <= 126 ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        if (s.length() > limit) sb.append("...");
        return sb.toString();
    }
}
