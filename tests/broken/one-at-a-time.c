/* one-at-a-time.c - a broken server: serves one client, then the next.
 *
 * broken: stage=03 catches="two clients interleaved are both served"
 *
 * Every single-client test passes: each redis-cli call connects, is
 * served, leaves.  Only a test that holds two connections open at once
 * can tell that the second waits for the first to go away. */
#include "boot.h"
#include "cmd.h"
#include "cmd_conn.h"
#include "cmd_kv.h"
#include "db.h"
#include "session.h"
#include "sig.h"

#include <sys/socket.h>
#include <unistd.h>

static struct cmd_table commands;

int main(int argc, char **argv)
{
    struct config cfg;
    int fds[CONFIG_MAX_BIND];
    int n = boot_start(argc, argv, "broken-one-at-a-time", NULL, &cfg, fds);
    if (n <= 0)
        return n < 0;
    cmd_table_add(&commands, cmd_conn_group);
    cmd_table_add(&commands, cmd_kv_group);
    struct session_opts opts = {.commands = &commands, .db = db_new(0)};
    while (!sig_stop_requested()) {
        int fd = accept(fds[0], NULL, NULL); /* EINTR lets SIGTERM in */
        if (fd < 0)
            continue;
        session_serve(fd, &opts); /* the bug: no thread, everyone waits */
        close(fd);
    }
    boot_stop(fds, n);
    return 0;
}
