#ifndef MCV_IFACE_H
#define MCV_IFACE_H

short	iface_flags(const char *name);

#endif
