package dev.quarry.accounting.settlement;

import dev.quarry.accounting.model.ContractKind;
import dev.quarry.accounting.store.Dialect;
import dev.quarry.accounting.testing.Fixture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.quarry.accounting.testing.Fixture.DAY;
import static dev.quarry.accounting.testing.Fixture.DAY0;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The backlog behind the ledger-lag metrics: unsettled shares and how long an ended period waited. */
class SettlementBacklogTest {

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void unsettledSharesAndOverdueTimeFollowTheJournalAndSettlement(Dialect dialect) {
        try (Fixture f = new Fixture(dialect)) {
            f.holder("h");
            f.contract("c1", "h", "100", 0, ContractKind.DEDICATED);
            SettlementService s = f.accounting.settlement();
            // Contracts start at DAY0, so day 0 is the first period even before any share.
            assertEquals(new SettlementService.Backlog(0, 0, -1), s.backlog(DAY0.plus(Duration.ofHours(1))));

            f.journal(List.of(f.share("c1", 1, 0x1701e636, 900_000, DAY0.plusSeconds(10)),
                    f.share("c1", 1, 0x1701e636, 900_000, DAY0.plusSeconds(20)),
                    f.share("c1", 1, 0x1701e636, 900_000, DAY0.plusSeconds(30))));
            Instant later = DAY0.plus(DAY).plus(Duration.ofMinutes(7));
            SettlementService.Backlog before = s.backlog(later);
            assertEquals(3, before.unsettledShares());
            assertEquals(Duration.ofMinutes(7).toMillis(), before.overdueMillis(), "day 0 ended 7 minutes ago and is not settled");

            f.settle(later);
            SettlementService.Backlog after = s.backlog(later);
            assertEquals(new SettlementService.Backlog(0, 0, DAY0.plus(DAY).toEpochMilli()), after);

            f.journal(List.of(f.share("c1", 1, 0x1701e636, 900_000, later.plusSeconds(1))));
            assertEquals(1, s.backlog(later.plusSeconds(2)).unsettledShares());
        }
    }
}
