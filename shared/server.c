/* server.c - the server's list of clients, and its password check.
 *
 * The list is intrusive: the links live in struct client, so adding and
 * removing a client never allocates and a closing client is unlinked in
 * constant time.  It is walked only by the commands that report on
 * every client (CLIENT LIST, CLIENT KILL with a filter), which Redis
 * also answers in time proportional to the clients connected. */
#include "server.h"

#include "client.h"

#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

void server_add_client(struct server *s, struct client *c)
{
    c->server = s;
    c->id = ++s->next_client_id;
    c->prev = NULL;
    c->next = s->clients;
    if (s->clients)
        s->clients->prev = c;
    s->clients = c;
    s->nclients++;
    s->stats.total_connections_received++;
}

void server_remove_client(struct server *s, struct client *c)
{
    if (c->prev)
        c->prev->next = c->next;
    else
        s->clients = c->next;
    if (c->next)
        c->next->prev = c->prev;
    c->prev = c->next = NULL;
    s->nclients--;
}

struct client *server_find_client(const struct server *s, long long id)
{
    for (struct client *c = s->clients; c; c = c->next)
        if (c->id == id)
            return c;
    return NULL;
}

int server_needs_auth(const struct server *s)
{
    return s && s->requirepass && s->requirepass[0];
}

/* A comparison that stops at the first wrong byte tells an attacker,
 * by how long it took, how many leading bytes were right. */
int server_password_matches(const struct server *s, const char *pass, size_t len)
{
    size_t want = strlen(s->requirepass);
    unsigned char diff = len != want;
    for (size_t i = 0; i < len; i++)
        diff |= (unsigned char)(pass[i] ^ s->requirepass[i % (want ? want : 1)]);
    return diff == 0;
}

long long server_resident_bytes(void)
{
    long long pages_total = 0, pages_resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f)
        return 0;
    if (fscanf(f, "%lld %lld", &pages_total, &pages_resident) != 2)
        pages_resident = 0;
    fclose(f);
    return pages_resident * sysconf(_SC_PAGESIZE);
}

/* Small blocks in use plus big blocks mapped on their own: what Redis
 * calls used_memory, measured by malloc itself rather than estimated.
 * An allocator that keeps no such count (AddressSanitizer's answers 0)
 * leaves the resident size as the best measure there is. */
long long server_note_memory(struct server *s)
{
    struct mallinfo2 mi = mallinfo2();
    long long used = (long long)(mi.uordblks + mi.hblkhd);
    if (used == 0)
        used = server_resident_bytes();
    if (used > s->used_memory_peak)
        s->used_memory_peak = used;
    return used;
}
