/* SPDX-License-Identifier: ISC */
#include "config.h"

#include "verifyd.h"

int
main(int argc, char **argv)
{
	return verifyd_main(argc, argv);
}
