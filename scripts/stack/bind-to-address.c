/*
 * Preloaded into Asterisk by scripts/stack.sh (LD_PRELOAD): a socket bound to "any address"
 * is bound to HOTLINE_BIND_ADDR (ASTERISK_BIND_ADDR) instead, and an IPv6 one to ::1. Every
 * listener of ours already names that address; this catches what no setting reaches, above
 * all pjproject's DNS client, which res_pjsip creates at load and pjlib binds to 0.0.0.0 and ::.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>

typedef int (*bind_fn)(int, const struct sockaddr *, socklen_t);

int bind(int fd, const struct sockaddr *addr, socklen_t len)
{
	static bind_fn real_bind;
	const char *want = getenv("HOTLINE_BIND_ADDR");

	if (!real_bind) {
		real_bind = (bind_fn)dlsym(RTLD_NEXT, "bind");
	}
	if (want && addr && addr->sa_family == AF_INET && len >= sizeof(struct sockaddr_in)) {
		struct sockaddr_in copy = *(const struct sockaddr_in *)addr;
		if (copy.sin_addr.s_addr == htonl(INADDR_ANY) && inet_pton(AF_INET, want, &copy.sin_addr) == 1) {
			return real_bind(fd, (const struct sockaddr *)&copy, sizeof(copy));
		}
	}
	if (want && addr && addr->sa_family == AF_INET6 && len >= sizeof(struct sockaddr_in6)) {
		struct sockaddr_in6 copy = *(const struct sockaddr_in6 *)addr;
		if (IN6_IS_ADDR_UNSPECIFIED(&copy.sin6_addr)) {
			copy.sin6_addr = in6addr_loopback;
			return real_bind(fd, (const struct sockaddr *)&copy, sizeof(copy));
		}
	}
	return real_bind(fd, addr, len);
}
