package dev.quarry.stratum.testkit;

import dev.quarry.stratum.abuse.AbuseConfig;
import dev.quarry.stratum.job.Job;
import dev.quarry.stratum.server.PortConfig;
import dev.quarry.stratum.server.StratumServer;
import dev.quarry.stratum.server.StratumServerConfig;
import dev.quarry.stratum.session.WorkerAuthorizer;
import dev.quarry.stratum.vardiff.DifficultyPolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;

/** A running server on loopback with test implementations of every collaborator. */
public final class ServerFixture implements AutoCloseable {

    public final TestWorkSource work;
    public final InMemoryJournal journal = new InMemoryJournal();
    public final RecordingBlockSink blocks = new RecordingBlockSink();
    public final ScriptedExtranonces extranonces = new ScriptedExtranonces();
    public final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    public final StratumServer server;

    public ServerFixture(StratumServerConfig config, TestWorkSource work, WorkerAuthorizer authorizer) throws InterruptedException {
        this(config, work, authorizer, null);
    }

    public ServerFixture(StratumServerConfig config, TestWorkSource work, WorkerAuthorizer authorizer, io.micrometer.core.instrument.MeterRegistry registry) throws InterruptedException {
        this.work = work;
        this.server = new StratumServer(config, work, journal, blocks, authorizer, registry != null ? registry : this.registry, extranonces, System::nanoTime);
        server.start();
    }

    /** One plain IPv4 loopback port "main" at a fixed difficulty serving the given jobs, contracts allowed as listed. */
    public static ServerFixture fixed(double difficulty, int extranonce2Size, Set<String> contracts, Job... jobs) throws InterruptedException {
        return withPort(PortConfig.plain("main", List.of("127.0.0.1"), 0, DifficultyPolicy.fixed(difficulty), extranonce2Size),
                AbuseConfig.defaults(), contracts, jobs);
    }

    public static ServerFixture withPort(PortConfig port, AbuseConfig abuse, Set<String> contracts, Job... jobs) throws InterruptedException {
        StratumServerConfig config = StratumServerConfig.of(List.of(port)).withAbuse(abuse).withIoThreads(2);
        return new ServerFixture(config, new TestWorkSource(jobs), new ContractAuthorizer(contracts));
    }

    /** A fixture serving one share vector's job at its pool difficulty, handing out its extranonce1 first. */
    public static ServerFixture forVector(ShareVector v) throws InterruptedException {
        ServerFixture f = fixed(v.poolDifficulty(), v.extranonce2Size(), Set.of(v.contract()), v.job());
        f.extranonces.next(v.extranonce1());
        return f;
    }

    public InetSocketAddress address() {
        return address("main");
    }

    public InetSocketAddress address(String port) {
        return server.boundAddresses(port).get(0);
    }

    public StratumTestClient connect() throws IOException {
        return StratumTestClient.connect(address());
    }

    /** Value of a counter, 0 when it does not exist yet. */
    public double counter(String name, String... tags) {
        var c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    /** Waits (bounded, 3 s) until a counter reaches a value: the server may count just after the client saw the close. */
    public double awaitCounter(double value, String name, String... tags) throws InterruptedException {
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (counter(name, tags) < value && System.nanoTime() < deadline) Thread.sleep(10);
        return counter(name, tags);
    }

    @Override
    public void close() {
        server.close();
    }
}
