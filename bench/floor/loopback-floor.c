/*
 * The kernel's floor under Quarry's fleet figures: what the same socket work costs when the
 * server side is a minimal C loop that does nothing but the system calls. Everything Quarry's
 * event loops spend above these figures is ours (JSON, validation, the journal hand-off,
 * Netty); everything below them no user-space code on this machine can avoid.
 *
 *   broadcast N BYTES ROUNDS   N loopback connections; per round one write() of BYTES to each
 *                              server-side socket (the job broadcast). A reader thread drains
 *                              the client sides with epoll, like the simulated miners.
 *   echo N RATE SECONDS REQ REP
 *                              N connections; a client thread sends REQ-byte requests at RATE/s
 *                              spread over the connections and reads the replies; the server
 *                              thread does epoll_wait, read, write of REP bytes (a submit and
 *                              its verdict, without any work in between).
 *   sync DIR RATE SECONDS BYTES
 *                              append BYTES to a file in DIR and fdatasync it, RATE times a
 *                              second (the share log's group commit: one sync per batch).
 *
 * Prints the server thread's CPU time per write / per request (CLOCK_THREAD_CPUTIME_ID, which
 * includes the kernel time the thread's system calls cost, and on loopback the receiving
 * side's TCP processing run inline in the sender's write) and the whole process's CPU.
 * Loopback only, bounded in count and time. Build: gcc -O2 -pthread -o floor loopback-floor.c
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int n_conn;
static int *srv_fd, *cli_fd;
static atomic_int stop;
static atomic_long replies;

static void die(const char *what) { perror(what); exit(1); }

static double now_s(clockid_t c) {
    struct timespec t;
    clock_gettime(c, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static double process_cpu_s(void) {
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return (double)(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + (double)(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

static void nonblock_nodelay(int fd) {
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) != 0) die("O_NONBLOCK");
}

static void connect_all(void) {
    int ls = socket(AF_INET, SOCK_STREAM, 0);
    if (ls < 0) die("socket");
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK), .sin_port = 0 };
    if (bind(ls, (struct sockaddr *)&a, sizeof a) || listen(ls, 4096)) die("listen");
    socklen_t al = sizeof a;
    getsockname(ls, (struct sockaddr *)&a, &al);
    srv_fd = calloc((size_t)n_conn, sizeof(int));
    cli_fd = calloc((size_t)n_conn, sizeof(int));
    for (int i = 0; i < n_conn; i++) {
        cli_fd[i] = socket(AF_INET, SOCK_STREAM, 0);
        if (cli_fd[i] < 0 || connect(cli_fd[i], (struct sockaddr *)&a, sizeof a)) die("connect");
        srv_fd[i] = accept(ls, NULL, NULL);
        if (srv_fd[i] < 0) die("accept");
        nonblock_nodelay(cli_fd[i]);
        nonblock_nodelay(srv_fd[i]);
    }
    close(ls);
}

/* Client side of both modes: drain whatever arrives. */
static void *reader(void *arg) {
    (void)arg;
    int ep = epoll_create1(0);
    for (int i = 0; i < n_conn; i++) {
        struct epoll_event ev = { .events = EPOLLIN, .data.u32 = (uint32_t)i };
        epoll_ctl(ep, EPOLL_CTL_ADD, cli_fd[i], &ev);
    }
    struct epoll_event evs[512];
    static char buf[65536];
    while (!atomic_load(&stop)) {
        int k = epoll_wait(ep, evs, 512, 50);
        for (int j = 0; j < k; j++) {
            ssize_t r;
            while ((r = read(cli_fd[evs[j].data.u32], buf, sizeof buf)) > 0) atomic_fetch_add(&replies, 1);
        }
    }
    close(ep);
    return NULL;
}

static int cmp_d(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void broadcast(int bytes, int rounds) {
    char *msg = malloc((size_t)bytes);
    memset(msg, 'x', (size_t)bytes);
    msg[bytes - 1] = '\n';
    pthread_t rt;
    pthread_create(&rt, NULL, reader, NULL);
    double *per = calloc((size_t)rounds, sizeof(double));
    double proc0 = process_cpu_s();
    long short_writes = 0;
    for (int r = 0; r < rounds; r++) {
        double t0 = now_s(CLOCK_THREAD_CPUTIME_ID);
        for (int i = 0; i < n_conn; i++) {
            ssize_t w = write(srv_fd[i], msg, (size_t)bytes);
            if (w != bytes) short_writes++;
        }
        per[r] = (now_s(CLOCK_THREAD_CPUTIME_ID) - t0) / n_conn * 1e6;
        struct timespec pause = { 0, 300 * 1000 * 1000 };
        nanosleep(&pause, NULL);
    }
    double proc = (process_cpu_s() - proc0) / ((double)rounds * n_conn) * 1e6;
    atomic_store(&stop, 1);
    pthread_join(rt, NULL);
    qsort(per, (size_t)rounds, sizeof(double), cmp_d);
    printf("broadcast connections=%d bytes=%d rounds=%d: writer thread %.2f us/write (median; min %.2f, max %.2f); "
           "whole process (writer + reader + idle) %.2f us/write; short writes %ld\n",
           n_conn, bytes, rounds, per[rounds / 2], per[0], per[rounds - 1], proc, short_writes);
}

struct echo_args { double rate; double seconds; int req; };

static void *sender(void *arg) {
    struct echo_args *a = arg;
    char *msg = malloc((size_t)a->req);
    memset(msg, 'y', (size_t)a->req);
    msg[a->req - 1] = '\n';
    double start = now_s(CLOCK_MONOTONIC);
    long sent = 0;
    unsigned seed = 12345;
    while (!atomic_load(&stop)) {
        double el = now_s(CLOCK_MONOTONIC) - start;
        if (el >= a->seconds) break;
        long due = (long)(el * a->rate);
        while (sent < due) {
            int i = (int)(rand_r(&seed) % (unsigned)n_conn);
            if (write(cli_fd[i], msg, (size_t)a->req) < 0 && errno != EAGAIN) die("client write");
            sent++;
        }
        struct timespec pause = { 0, 200 * 1000 };
        nanosleep(&pause, NULL);
    }
    return NULL;
}

static void echo(double rate, double seconds, int req, int rep) {
    char *reply = malloc((size_t)rep);
    memset(reply, 'z', (size_t)rep);
    reply[rep - 1] = '\n';
    int ep = epoll_create1(0);
    for (int i = 0; i < n_conn; i++) {
        struct epoll_event ev = { .events = EPOLLIN, .data.u32 = (uint32_t)i };
        epoll_ctl(ep, EPOLL_CTL_ADD, srv_fd[i], &ev);
    }
    pthread_t rt, st;
    struct echo_args a = { rate, seconds, req };
    pthread_create(&rt, NULL, reader, NULL);
    pthread_create(&st, NULL, sender, &a);
    struct epoll_event evs[512];
    char buf[65536];
    long requests = 0, wakeups = 0;
    double t0 = now_s(CLOCK_THREAD_CPUTIME_ID), p0 = process_cpu_s(), w0 = now_s(CLOCK_MONOTONIC);
    while (now_s(CLOCK_MONOTONIC) - w0 < seconds) {
        int k = epoll_wait(ep, evs, 512, 50);
        if (k > 0) wakeups++;
        for (int j = 0; j < k; j++) {
            int fd = srv_fd[evs[j].data.u32];
            ssize_t r = read(fd, buf, sizeof buf);
            if (r <= 0) continue;
            /* one reply per request line, as the pool answers each submit */
            for (ssize_t b = 0; b < r; b++) {
                if (buf[b] == '\n') {
                    if (write(fd, reply, (size_t)rep) < 0 && errno != EAGAIN) die("server write");
                    requests++;
                }
            }
        }
    }
    double srv = (now_s(CLOCK_THREAD_CPUTIME_ID) - t0) / (double)requests * 1e6;
    double proc = (process_cpu_s() - p0) / (double)requests * 1e6;
    atomic_store(&stop, 1);
    pthread_join(st, NULL);
    pthread_join(rt, NULL);
    printf("echo connections=%d rate=%.0f/s req=%dB rep=%dB: %ld requests (%.0f/s), %.1f per wake-up; server thread %.2f us/request; "
           "whole process (server + client threads) %.2f us/request\n",
           n_conn, rate, req, rep, requests, requests / seconds, (double)requests / (double)wakeups, srv, proc);
}

static void sync_floor(const char *dir, double rate, double seconds, int bytes) {
    char path[4096];
    snprintf(path, sizeof path, "%s/floor-sync.%d", dir, (int)getpid());
    int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY | O_APPEND, 0600);
    if (fd < 0) die("open");
    char *buf = malloc((size_t)bytes);
    memset(buf, 's', (size_t)bytes);
    long syncs = 0;
    double t0 = now_s(CLOCK_THREAD_CPUTIME_ID), w0 = now_s(CLOCK_MONOTONIC), busy = 0;
    while (now_s(CLOCK_MONOTONIC) - w0 < seconds) {
        double due = w0 + (double)syncs / rate;
        double wait = due - now_s(CLOCK_MONOTONIC);
        if (wait > 0) {
            struct timespec p = { (time_t)wait, (long)((wait - (double)(time_t)wait) * 1e9) };
            nanosleep(&p, NULL);
        }
        double b0 = now_s(CLOCK_MONOTONIC);
        if (write(fd, buf, (size_t)bytes) != bytes) die("write");
        if (fdatasync(fd)) die("fdatasync");
        busy += now_s(CLOCK_MONOTONIC) - b0;
        syncs++;
    }
    double cpu = (now_s(CLOCK_THREAD_CPUTIME_ID) - t0) / (double)syncs * 1e6;
    close(fd);
    unlink(path);
    printf("sync dir=%s rate=%.0f/s bytes=%d: %ld syncs (%.0f/s); thread CPU %.1f us per write+fdatasync "
           "(including the sleeps between them); wall %.1f us per write+fdatasync\n",
           dir, rate, bytes, syncs, syncs / seconds, cpu, busy / (double)syncs * 1e6);
}

int main(int argc, char **argv) {
    if (argc >= 6 && strcmp(argv[1], "sync") == 0) {
        double secs = atof(argv[3 + 0 + 1]);
        if (secs <= 0 || secs > 600) { fprintf(stderr, "SECONDS out of range\n"); return 2; }
        sync_floor(argv[2], atof(argv[3]), secs, atoi(argv[5]));
        return 0;
    }
    if (argc < 5) {
        fprintf(stderr, "usage: %s broadcast N BYTES ROUNDS | echo N RATE SECONDS REQ REP | sync DIR RATE SECONDS BYTES\n", argv[0]);
        return 2;
    }
    n_conn = atoi(argv[2]);
    if (n_conn < 1 || n_conn > 100000) { fprintf(stderr, "N out of range\n"); return 2; }
    connect_all();
    if (strcmp(argv[1], "broadcast") == 0) {
        int rounds = atoi(argv[4]);
        if (rounds < 1 || rounds > 1000) { fprintf(stderr, "ROUNDS out of range\n"); return 2; }
        broadcast(atoi(argv[3]), rounds);
    } else if (strcmp(argv[1], "echo") == 0 && argc >= 7) {
        double secs = atof(argv[4]);
        if (secs <= 0 || secs > 600) { fprintf(stderr, "SECONDS out of range\n"); return 2; }
        echo(atof(argv[3]), secs, atoi(argv[5]), atoi(argv[6]));
    } else {
        fprintf(stderr, "unknown mode\n");
        return 2;
    }
    return 0;
}
