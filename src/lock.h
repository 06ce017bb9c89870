/*
 * One check at a time per network namespace.
 */
#ifndef MCV_LOCK_H
#define MCV_LOCK_H

int	lock_acquire(unsigned wait_ms);
void	lock_release(int fd);

#endif
