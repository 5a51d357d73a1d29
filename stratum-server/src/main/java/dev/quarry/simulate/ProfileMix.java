package dev.quarry.simulate;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Which firmware each miner runs: {@code "esp-miner"}, {@code "mix"} (equal thirds) or weights
 * like {@code "esp-miner:2,cgminer:1,braiins:1"}. Miner n gets a deterministic profile so runs
 * are repeatable.
 */
public final class ProfileMix {

    private final FirmwareProfile[] wheel;

    private ProfileMix(FirmwareProfile[] wheel) {
        this.wheel = wheel;
    }

    public static ProfileMix parse(String spec) {
        if (spec == null || spec.isBlank()) throw new IllegalArgumentException("profile mix is empty");
        if (spec.trim().equalsIgnoreCase("mix")) return new ProfileMix(FirmwareProfile.values());
        List<FirmwareProfile> wheel = new ArrayList<>();
        for (String part : spec.split(",")) {
            String p = part.trim();
            int weight = 1;
            int colon = p.indexOf(':');
            if (colon >= 0) {
                try {
                    weight = Integer.parseInt(p.substring(colon + 1).trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("profile weight is not a number in '" + p + "'");
                }
                if (weight < 0 || weight > 1000) throw new IllegalArgumentException("profile weight must be 0..1000 in '" + p + "'");
                p = p.substring(0, colon);
            }
            FirmwareProfile f = FirmwareProfile.byName(p);
            for (int i = 0; i < weight; i++) wheel.add(f);
        }
        if (wheel.isEmpty()) throw new IllegalArgumentException("profile mix has no miner with a positive weight: " + spec);
        // interleave so that small fleets still see every profile: round-robin over the distinct profiles
        Map<FirmwareProfile, Integer> left = new EnumMap<>(FirmwareProfile.class);
        for (FirmwareProfile f : wheel) left.merge(f, 1, Integer::sum);
        List<FirmwareProfile> order = new ArrayList<>(wheel.size());
        while (order.size() < wheel.size()) {
            for (FirmwareProfile f : FirmwareProfile.values()) {
                Integer n = left.get(f);
                if (n != null && n > 0) {
                    order.add(f);
                    left.put(f, n - 1);
                }
            }
        }
        return new ProfileMix(order.toArray(new FirmwareProfile[0]));
    }

    public FirmwareProfile forMiner(int index) {
        return wheel[Math.floorMod(index, wheel.length)];
    }
}
