#ifndef MCV_DAEMON_H
#define MCV_DAEMON_H

#include "options.h"

int	daemon_run(const struct options *cli, const struct options *opt);

#endif
