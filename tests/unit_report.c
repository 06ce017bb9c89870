/* SPDX-License-Identifier: ISC */
/*
 * Reports: the JSON names monitoring scripts depend on, escaping, and
 * the text report's first line and listener lines.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdlib.h>

#include "advice.h"
#include "report.h"
#include "unit.h"
#include "unit_results.h"
#include "verdict.h"


static char *
render(const struct check_result *r, enum format format)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *fp = open_memstream(&buf, &size);

	report_write(fp, r, format);
	fclose(fp);
	return buf;
}

int
main(void)
{
	struct check_result r;
	char *out;

	unit_stock_result(&r);
	out = render(&r, FORMAT_JSON);
	CHECK_STR_HAS(out, "{\"status\":\"CRITICAL\",\"exit_code\":2,");
	CHECK_STR_HAS(out, "\"group\":\"224.16.17.8\",\"port\":40123,"
	    "\"loopback\":\"lo\",\"interface\":\"eth0\",\"route\":\"added\"");
	CHECK_STR_HAS(out, "\"duration_ms\":12.500");
	CHECK_STR_HAS(out, "{\"method\":\"sendto\",\"required\":true,");
	CHECK_STR_HAS(out, "\"captured_on\":[\"lo\"],\"leaked\":false,");
	CHECK_STR_HAS(out, "\"listener_interface\":\"lo\",\"source\":null,"
	    "\"source_port\":null,\"predicted_interface\":null,"
	    "\"queued_bytes\":0,\"queued_on\":null,\"agrees\":null}");
	CHECK_STR_HAS(out, "\"captured_on\":[\"eth0\"],\"leaked\":true,"
	    "\"leaked_through\":[\"eth0\"]");
	CHECK_STR_HAS(out, "\"listener_interface\":null,");
	CHECK_STR_HAS(out, "\"route_removed\":true,\"route_lost\":false,");
	CHECK_STR_HAS(out, "\"fixes\":[\"ip route replace 224.16.17.8/32 dev lo "
	    "src 127.0.0.1\"]");
	CHECK_STR_HAS(out, "\"payload\":\"send() \\\"x\\\\\"");
	CHECK(strchr(out, '\n') == out + strlen(out) - 1);
	free(out);

	out = render(&r, FORMAT_TEXT);
	CHECK(strncmp(out, "MCASTLO CRITICAL: send() leaked through eth0\n",
	    45) == 0);
	CHECK_STR_HAS(out, "\nlo sendto() 0011\n");
	CHECK_STR_HAS(out, "LEAKED through eth0");
	CHECK_STR_HAS(out, "ip route replace 224.16.17.8/32 dev lo src "
	    "127.0.0.1");
	free(out);

	/* The monitoring-plugins line: one line, perfdata after "|". */
	out = render(&r, FORMAT_NAGIOS);
	CHECK(strcmp(out, "MCASTLO CRITICAL - send() leaked through eth0 | "
	    "'loopback'=1;;;0;2 'leaked'=1;;;0;2 'received'=1;;;0;2 "
	    "'duration'=0.012500s;;;0\n") == 0);
	free(out);

	/* Prometheus: HELP and TYPE before samples, one sample a method. */
	{
		char *buf = NULL;
		size_t size = 0;
		FILE *fp = open_memstream(&buf, &size);

		r.finished_at = 1795000000.25;
		report_prom(fp, &r);
		fclose(fp);
		CHECK_STR_HAS(buf, "# HELP mcastlo_probe_leaked ");
		CHECK_STR_HAS(buf, "\n# TYPE mcastlo_probe_leaked gauge\n"
		    "mcastlo_probe_leaked{method=\"sendto\"} 0\n"
		    "mcastlo_probe_leaked{method=\"send\"} 1\n");
		CHECK_STR_HAS(buf, "mcastlo_probe_captured_loopback{method="
		    "\"sendto\"} 1\n");
		CHECK_STR_HAS(buf, "mcastlo_probe_listener_received{method="
		    "\"send\"} 0\n");
		CHECK_STR_HAS(buf, "mcastlo_check_status{group=\"224.16.17.8\"} "
		    "2\n");
		CHECK_STR_HAS(buf, "mcastlo_check_duration_seconds 0.012500\n");
		CHECK_STR_HAS(buf, "mcastlo_last_check_timestamp_seconds "
		    "1795000000.250\n");
		CHECK_STR_HAS(buf, "mcastlo_capture_dropped_packets 0\n");
		CHECK_STR_HAS(buf, "\nmcastlo_build_info{version=\"" PACKAGE_VERSION
		    "\"} 1\n");
		CHECK_STR_HAS(buf, "# TYPE mcastlo_probe_leaked_interface gauge\n"
		    "mcastlo_probe_leaked_interface{method=\"send\","
		    "interface=\"eth0\"} 1\n# HELP");
		CHECK(strstr(buf, "# HELP mcastlo_check_status") <
		    strstr(buf, "mcastlo_check_status{"));
		free(buf);
	}

	/* A route someone else took away: not removed by us, and lost. */
	unit_stock_result(&r);
	r.route_removed = 0;
	r.route_lost = 1;
	out = render(&r, FORMAT_JSON);
	CHECK_STR_HAS(out, "\"route_removed\":false,\"route_lost\":true,");
	free(out);

	/* A probe that was not sent has one row: there is nothing else. */
	unit_stock_result(&r);
	r.probes[1] = (struct probe_result){ .required = 1,
	    .error = "connect: Cannot assign requested address" };
	verdict_decide(&r);
	out = render(&r, FORMAT_TEXT);
	CHECK_STR_HAS(out, "\n  send()               required      not sent: "
	    "connect: Cannot assign requested address\n");
	free(out);

	strcpy(r.error, "interface eth9: No such device");
	r.nprobes = 0;
	r.port = 0;
	verdict_decide(&r);
	out = render(&r, FORMAT_JSON);
	CHECK_STR_HAS(out, "\"status\":\"UNKNOWN\",\"exit_code\":3,"
	    "\"summary\":\"interface eth9: No such device\"");
	CHECK_STR_HAS(out, "\"port\":null");
	CHECK_STR_HAS(out, "\"probes\":[]");
	free(out);
	return unit_done("unit_report");
}
