#ifndef MCV_NOTIFY_H
#define MCV_NOTIFY_H

void	notify_systemd(const char *state);

#endif
