"""The database task queue (django-tasks-db's DBTaskResult rows), claimed and finished in as few statements as
the task worker can: see haizhu_portal's task_worker.

db_worker claims a task in four round trips (BEGIN, SELECT ... FOR UPDATE SKIP LOCKED, UPDATE, COMMIT) and
finishes it in a fifth. Here a claim is one UPDATE ... RETURNING, and finishing a task may also write a row of
the task's own and claim the next task, in one statement. The rows are written as DBTaskResult.claim and
set_successful write them: what the admin, health and the email sweep read is unchanged. On the other side,
insert_and_enqueue stores a row and the task that works on it in one statement, where the ORM and
DatabaseBackend.enqueue take two and a transaction.
"""

import json

from django.db.models import Model
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult, get_date_max

from foundation.compiled import model_from_row
from foundation.inserts import insert_params, insert_sql, stored
from foundation.prepared import prepared_cursor

TABLE = DBTaskResult._meta.db_table
FIELDS = DBTaskResult._meta.concrete_fields
COLUMNS = ", ".join(field.column for field in FIELDS)


class TaskQueue:
    """The due tasks of one worker's queues (db_worker's --queue-name, --exclude-queues, --backend), claimed for
    that worker, most urgent first as db_worker takes them."""

    def __init__(self, *, worker_id: str, backend_name: str, queue_names: list[str], excluded_queue_names: list[str]):
        self.worker_ids = json.dumps([worker_id])
        conditions, self.due_params = ["status = %s", "backend_name = %s"], [TaskResultStatus.READY, backend_name]
        if "*" not in queue_names:
            conditions.append("queue_name = ANY(%s)")
            self.due_params.append(queue_names)
        if excluded_queue_names:
            conditions.append("NOT queue_name = ANY(%s)")
            self.due_params.append(excluded_queue_names)
        # DBTaskResultQuerySet.ready(): not deferred, or deferred to a moment that has come.
        conditions.append("(run_after = %s OR run_after <= %s)")
        self.claim_sql = (
            f"UPDATE {TABLE} SET status = %s, started_at = %s, worker_ids = worker_ids || %s::jsonb "
            f"WHERE id = (SELECT id FROM {TABLE} WHERE {' AND '.join(conditions)} "
            f"ORDER BY priority DESC, run_after, enqueued_at LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING {COLUMNS}"
        )

    def claim(self) -> DBTaskResult | None:
        """The next due task, marked running for this worker (committed at once outside a transaction)."""
        return self._claimed(self.claim_sql, self._claim_params())

    def finish(
        self, task: DBTaskResult, return_value, *, first: tuple[str, list] | None = None, claim_next: bool
    ) -> DBTaskResult | None:
        """Mark `task` successful with `return_value`, in one statement that runs the statement `first`
        (sql, params: an INSERT, UPDATE or DELETE) before it and, with `claim_next`, claims the next due task
        and returns it."""
        finished = (
            f"UPDATE {TABLE} SET status = %s, finished_at = %s, return_value = %s::jsonb, "
            "exception_class_path = '', traceback = '' WHERE id = %s"
        )
        finished_params = [TaskResultStatus.SUCCESSFUL, timezone.now(), json.dumps(return_value), task.pk]
        parts, params = [], []
        if first is not None:
            parts.append(f"first AS ({first[0]})")
            params += first[1]
        if not claim_next:
            with_clause = f"WITH {', '.join(parts)} " if parts else ""
            with prepared_cursor() as cursor:
                cursor.execute(with_clause + finished, [*params, *finished_params])
            return None
        parts += [f"finished AS ({finished})", f"claimed AS ({self.claim_sql})"]
        return self._claimed(
            f"WITH {', '.join(parts)} SELECT * FROM claimed", [*params, *finished_params, *self._claim_params()]
        )

    def _claim_params(self) -> list:
        now = timezone.now()
        return [TaskResultStatus.RUNNING, now, self.worker_ids, *self.due_params, get_date_max(), now]

    @staticmethod
    def _claimed(sql: str, params: list) -> DBTaskResult | None:
        with prepared_cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        return None if row is None else model_from_row(DBTaskResult, FIELDS, row)


def insert_and_enqueue(instance: Model, task: Task) -> None:
    """Insert the new `instance` and queue `task` with its primary key as the task's one argument, in one
    statement: the row and its task commit, or roll back, together, with no transaction of their own. The
    row is inserted as save() inserts it, without the save signals; the task's row as DatabaseBackend.enqueue
    writes it, without the task_enqueued signal (a debug log line)."""
    task.get_backend().validate_task(task)
    insert = insert_sql(type(instance))
    statement = (
        f"WITH inserted AS ({insert}) INSERT INTO {TABLE} (id, status, enqueued_at, args_kwargs, priority, "
        "task_path, worker_ids, queue_name, backend_name, run_after, return_value, exception_class_path, traceback) "
        "SELECT %s, %s, %s, jsonb_build_object('args', jsonb_build_array(inserted.id), 'kwargs', '{}'::jsonb), "
        "%s, %s, '[]'::jsonb, %s, %s, %s, NULL, '', '' FROM inserted RETURNING args_kwargs"
    )
    task_params = [
        DBTaskResult._meta.pk.get_default(),
        TaskResultStatus.READY,
        timezone.now(),
        task.priority,
        task.module_path,
        task.queue_name,
        task.backend,
        task.run_after or get_date_max(),
    ]
    with prepared_cursor() as cursor:
        cursor.execute(statement, [*insert_params(instance), *task_params])
        (args_kwargs,) = cursor.fetchone()
    instance.pk = json.loads(args_kwargs)["args"][0]
    stored(instance)
