// SPDX-License-Identifier: GPL-2.0
/*
 * nvsim --socket PATH --chip NAME [--vram-mib N] [--bar1-mib N] [--bar2-mib N]
 *       [--rebar-max-mib N] [--trace FILE] [--fault SPEC]... [--poll|--eventfd]
 *       [--flr-wipe]
 *
 * --bar1-mib 0 / --bar2-mib 0: a GPU without that PCI BAR (only BAR0).
 * --rebar-max-mib: the largest BAR1 size the Resizable BAR capability offers
 * (from 64 MiB up); by default the smallest power of two that covers VRAM,
 * 0 for no capability.
 *
 * Listens on PATH (vhost-user), serves one UML connection, prints a summary
 * line at exit. Exit status: 0 when UML disconnects or on SIGTERM/SIGINT,
 * 1 on a setup or protocol error, 2 on a usage error.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nvsim.h"

#define DEFAULT_VRAM_MIB	1024
#define DEFAULT_BAR1_MIB	256
#define DEFAULT_BAR2_MIB	32
#define TRACE_BUF_SIZE		(1 << 20)
#define EXIT_SETUP		1
#define EXIT_USAGE		2

struct opts {
	const char *socket, *chip, *trace;
	uint64_t vram_mib, bar1_mib, bar2_mib;
	int64_t rebar_mib;	/* -1: cover VRAM */
	const char *faults[16];
	unsigned int nfaults;
	bool poll_mode;
	bool flr_wipe;
};

static void usage(FILE *f)
{
	fprintf(f, "usage: nvsim --socket PATH --chip NAME [--vram-mib N] [--bar1-mib N]\n"
		   "             [--bar2-mib N] [--rebar-max-mib N] [--trace FILE] [--fault SPEC]...\n"
		   "             [--poll|--eventfd] [--flr-wipe]\n"
		   "BAR sizes: a power of two, or 0 for none (--rebar-max-mib 0: no Resizable BAR)\n"
		   "faults: tlb-stuck bind-stuck gone-after-writes=N gone-at-invalidate\n"
		   "        prebound-bar1 prebound-bar2 (firmware bound it before the driver)\n"
		   "        vram-size-reg=V (the VRAM size register reads V: garbage)\n"
		   "--flr-wipe: a function level reset fills VRAM with a pattern\n"
		   "chips: ");
	nv_chip_list(f);
}

/* A PCI BAR size in MiB: a power of two, or 0 for a BAR the GPU lacks. */
static bool parse_bar_mib(const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	return !errno && !*end && *v < (1ull << 24) && !(*v & (*v - 1));
}

static bool parse_mib(const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	return !errno && !*end && *v && *v < (1ull << 24);
}

static int parse(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "chip", required_argument, NULL, 'c' },
		{ "vram-mib", required_argument, NULL, 'v' },
		{ "bar1-mib", required_argument, NULL, 'b' },
		{ "bar2-mib", required_argument, NULL, 'B' },
		{ "rebar-max-mib", required_argument, NULL, 'r' },
		{ "trace", required_argument, NULL, 't' },
		{ "fault", required_argument, NULL, 'f' },
		{ "poll", no_argument, NULL, 'p' },
		{ "eventfd", no_argument, NULL, 'e' },
		{ "flr-wipe", no_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 's': o->socket = optarg; break;
		case 'c': o->chip = optarg; break;
		case 't': o->trace = optarg; break;
		case 'p': o->poll_mode = true; break;
		case 'e': o->poll_mode = false; break;
		case 'w': o->flr_wipe = true; break;
		case 'v':
			if (!parse_mib(optarg, &o->vram_mib))
				return -1;
			break;
		case 'b':
			if (!parse_bar_mib(optarg, &o->bar1_mib))
				return -1;
			break;
		case 'B':
			if (!parse_bar_mib(optarg, &o->bar2_mib))
				return -1;
			break;
		case 'r': {
			uint64_t v;

			if (!parse_bar_mib(optarg, &v))
				return -1;
			o->rebar_mib = (int64_t)v;
			break;
		}
		case 'f':
			if (o->nfaults == ARRAY_SIZE(o->faults))
				return -1;
			o->faults[o->nfaults++] = optarg;
			break;
		default:
			return -1;
		}
	}
	return optind == argc && o->socket && o->chip ? 0 : -1;
}

static void on_signal(int sig)
{
	(void)sig;
	nvsim_stop = 1;
}

static void signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);	/* no SA_RESTART: poll()/accept() return EINTR */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

static int setup_gpu(struct nv_gpu *g, const struct opts *o)
{
	const struct nv_chip *chip = nv_chip_find(o->chip);

	if (!chip) {
		fprintf(stderr, "nvsim: unknown chip %s; known: ", o->chip);
		nv_chip_list(stderr);
		return -1;
	}
	if (gpu_init(g, chip, o->vram_mib, o->bar1_mib))
		return -1;
	g->bar2_size = o->bar2_mib << MIB_SHIFT;
	g->flr_wipe = o->flr_wipe;
	g->rebar_max = o->rebar_mib >= 0 ? (uint64_t)o->rebar_mib << MIB_SHIFT : 1ull << MIB_SHIFT;
	while (o->rebar_mib < 0 && g->rebar_max < g->vram_size)
		g->rebar_max <<= 1;
	if (g->rebar_max && g->rebar_max < g->bar1_size) {
		fprintf(stderr, "nvsim: --rebar-max-mib is below --bar1-mib\n");
		return -1;
	}
	for (unsigned int i = 0; i < o->nfaults; i++) {
		if (gpu_add_fault(g, o->faults[i])) {
			fprintf(stderr, "nvsim: bad --fault %s\n", o->faults[i]);
			return -1;
		}
	}
	if (o->trace) {
		g->trace = fopen(o->trace, "w");
		if (!g->trace) {
			fprintf(stderr, "nvsim: %s: %s\n", o->trace, strerror(errno));
			return -1;
		}
		setvbuf(g->trace, NULL, _IOFBF, TRACE_BUF_SIZE);
	}
	return 0;
}

static int run(struct nv_gpu *g, const struct opts *o)
{
	static struct nv_pci pci;
	struct vu_dev *d;
	int lfd, ret;

	pci_init(&pci, g);
	lfd = vhost_listen(o->socket);
	if (lfd < 0) {
		fprintf(stderr, "nvsim: %s: %s\n", o->socket, strerror(-lfd));
		return -1;
	}
	nv_log("%s, %llu MiB VRAM, BAR1 %llu MiB (Resizable BAR up to %llu MiB), BAR2 %llu MiB, "
	       "%s mode, listening on %s",
	       g->chip->name, (unsigned long long)(g->vram_size >> MIB_SHIFT),
	       (unsigned long long)o->bar1_mib, (unsigned long long)(g->rebar_max >> MIB_SHIFT),
	       (unsigned long long)o->bar2_mib,
	       o->poll_mode ? "poll" : "eventfd", o->socket);
	d = vhost_new(&pci, o->poll_mode);
	ret = d ? vhost_serve(d, lfd) : -ENOMEM;
	if (ret)
		nv_log("transport error: %s", strerror(-ret));
	vhost_free(d);
	close(lfd);
	unlink(o->socket);
	return ret;
}

int main(int argc, char **argv)
{
	struct opts o = { .vram_mib = DEFAULT_VRAM_MIB, .bar1_mib = DEFAULT_BAR1_MIB,
			  .bar2_mib = DEFAULT_BAR2_MIB, .rebar_mib = -1, .poll_mode = true };
	static struct nv_gpu g;
	int ret;

	if (parse(argc, argv, &o)) {
		usage(stderr);
		return EXIT_USAGE;
	}
	signals();
	if (setup_gpu(&g, &o)) {
		gpu_fini(&g);
		return EXIT_SETUP;
	}
	ret = run(&g, &o);
	if (g.trace)
		fclose(g.trace);
	gpu_summary(&g, stderr);
	gpu_fini(&g);
	return ret ? EXIT_SETUP : 0;
}
