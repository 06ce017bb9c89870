/* SPDX-License-Identifier: ISC */
#ifndef MCV_VERIFYD_H
#define MCV_VERIFYD_H

int	verifyd_main(int argc, char **argv);

#endif
