/**
 * Admin routes: members with their usage and cost, caps, invitations,
 * disabling, the default cap and the household's cost. The handler checks
 * the admins group before any of these runs.
 */

import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Logger } from '@aws-lambda-powertools/logger';

import type {
  AdminInviteRequest,
  AdminInviteResponse,
  AdminMember,
  AdminSettings,
  AdminUserResponse,
  AdminUserUpdate,
  AdminUsersResponse,
  CostEstimate,
  HouseholdCostResponse,
} from '../../core/api';
import { formatBytes } from '../../core/bytes';
import {
  estimateMonthlyCost,
  lifecycleSavings,
  type CostFile,
} from '../../core/cost';
import { ShoeboxError } from '../../core/errors';
import type { ResolvedDependencies } from '../../services/dependencies';
import type { DirectoryUser } from '../../services/directory';
import { writeHouseholdDefaultCap } from '../../services/household';
import { readInventory } from '../../services/inventory';
import { getMember, putMember, type Member } from '../../services/members';
import { memberItemKey } from '../../services/table';
import { priceSource } from './library';

/** `GET /admin/users`. */
export async function listAdminUsers(
  dependencies: ResolvedDependencies,
): Promise<AdminUsersResponse> {
  const users = await dependencies.directory.listUsers();
  const members = await mapInBatches(users, (user) =>
    describeMember(dependencies, user),
  );

  return {
    defaultCapBytes: dependencies.settings.defaultCapBytes,
    members: members.map((member) => member.summary),
  };
}

/** `PUT /admin/users/{id}`. */
export async function updateAdminUser(
  dependencies: ResolvedDependencies,
  logger: Logger,
  memberId: string,
  update: AdminUserUpdate,
): Promise<AdminUserResponse> {
  const user = await findUser(dependencies, memberId);
  if (update.capBytes !== undefined) {
    await setCap(dependencies, memberId, update.capBytes);
  }
  if (update.enabled !== undefined && update.enabled !== user.enabled) {
    await dependencies.directory.setEnabled(user.username, update.enabled);
  }
  logger.info('Member changed by an admin', {
    targetMemberId: memberId,
    capBytes: update.capBytes,
    enabled: update.enabled,
  });

  const { summary } = await describeMember(dependencies, {
    ...user,
    enabled: update.enabled ?? user.enabled,
  });

  return {
    member: summary,
    warning:
      summary.usedBytes + summary.reservedBytes > summary.capBytes
        ? `${summary.email} stores ${formatBytes(summary.usedBytes)}, more ` +
          `than the new cap of ${formatBytes(summary.capBytes)}. New ` +
          'uploads are rejected until they delete files; nothing stored ' +
          'is deleted.'
        : undefined,
  };
}

/** `POST /admin/users`. */
export async function inviteAdminUser(
  dependencies: ResolvedDependencies,
  logger: Logger,
  request: AdminInviteRequest,
): Promise<AdminInviteResponse> {
  const { dynamo, settings } = dependencies;
  const existing = (await dependencies.directory.listUsers()).find(
    (user) => user.email.toLowerCase() === request.email,
  );
  if (existing !== undefined) {
    throw new ShoeboxError(
      `${request.email} is already a member; change their cap or enable ` +
        'them instead.',
      { code: 'MEMBER_EXISTS', statusCode: 409, isUserVisible: true },
    );
  }

  const invited = await dependencies.directory.inviteUser(request.email);
  if (request.capBytes !== undefined) {
    await putMember(dynamo, settings.tableName, {
      sub: invited.user.id,
      email: request.email,
      capBytes: request.capBytes,
    });
  }
  logger.info('Member invited', { targetMemberId: invited.user.id });
  const { summary } = await describeMember(dependencies, invited.user);

  return { member: summary, temporaryPassword: invited.temporaryPassword };
}

/** `PUT /admin/settings`. */
export async function updateAdminSettings(
  dependencies: ResolvedDependencies,
  logger: Logger,
  settings: AdminSettings,
): Promise<AdminSettings> {
  await writeHouseholdDefaultCap(
    dependencies.dynamo,
    dependencies.settings.tableName,
    settings.defaultCapBytes,
  );
  logger.info('Default cap changed', {
    defaultCapBytes: settings.defaultCapBytes,
  });

  return settings;
}

/** `GET /admin/cost`. */
export async function householdCost(
  dependencies: ResolvedDependencies,
): Promise<HouseholdCostResponse> {
  const { settings } = dependencies;
  const users = await dependencies.directory.listUsers();
  const members = await mapInBatches(users, (user) =>
    describeMember(dependencies, user),
  );
  const allFiles = members.flatMap((member) => member.files);
  const now = new Date(dependencies.now());

  return {
    prices: priceSource(settings),
    household: estimate(dependencies, allFiles),
    members: members.map(({ summary }) => ({
      id: summary.id,
      email: summary.email,
      monthlyUsd: summary.monthlyUsd,
    })),
    savings: lifecycleSavings(
      allFiles,
      settings.lifecycleTransitions,
      settings.prices,
      { year: now.getUTCFullYear(), month: now.getUTCMonth() + 1 },
    ),
  };
}

async function describeMember(
  dependencies: ResolvedDependencies,
  user: DirectoryUser,
): Promise<{ summary: AdminMember; files: CostFile[] }> {
  const { dynamo, settings } = dependencies;
  const [member, inventory] = await Promise.all([
    getMember(dynamo, settings.tableName, user.id),
    readInventory(dynamo, settings.tableName, user.id, dependencies.now()),
  ]);
  const capBytes = member.capBytes ?? settings.defaultCapBytes;

  return {
    summary: {
      id: user.id,
      email: user.email,
      enabled: user.enabled,
      isAdmin: user.isAdmin,
      capBytes,
      hasOwnCap: member.capBytes !== undefined,
      usedBytes: member.usedBytes,
      reservedBytes: member.reservedBytes,
      fileCount: member.fileCount,
      percentOfCap: capBytes === 0 ? 100 : (member.usedBytes / capBytes) * 100,
      monthlyUsd: estimate(dependencies, inventory.files).monthlyUsd,
      lastUploadAt: inventory.lastUploadAt,
    },
    files: inventory.files,
  };
}

function estimate(
  dependencies: ResolvedDependencies,
  files: CostFile[],
): CostEstimate {
  return estimateMonthlyCost(
    files,
    dependencies.settings.lifecycleTransitions,
    dependencies.settings.prices,
  );
}

async function findUser(
  dependencies: ResolvedDependencies,
  memberId: string,
): Promise<DirectoryUser> {
  const user = (await dependencies.directory.listUsers()).find(
    (candidate) => candidate.id === memberId,
  );
  if (user === undefined) {
    throw new ShoeboxError(
      `No member has the id ${JSON.stringify(memberId)}; use an id from ` +
        'GET /admin/users.',
      { code: 'NOT_FOUND', statusCode: 404, isUserVisible: true },
    );
  }

  return user;
}

/**
 * Sets a member's own cap, or removes it with null so the default applies.
 * A cap below usage is allowed: reservations then fail, and nothing stored
 * is touched.
 */
async function setCap(
  dependencies: ResolvedDependencies,
  memberId: string,
  capBytes: number | null,
): Promise<Member> {
  const { dynamo, settings } = dependencies;
  await dynamo.send(
    new UpdateCommand({
      TableName: settings.tableName,
      Key: memberItemKey(memberId),
      UpdateExpression:
        capBytes === null
          ? 'REMOVE capBytes'
          : 'SET capBytes = :cap, ' +
            'usedBytes = if_not_exists(usedBytes, :zero), ' +
            'reservedBytes = if_not_exists(reservedBytes, :zero), ' +
            'committedBytes = if_not_exists(committedBytes, :zero), ' +
            'fileCount = if_not_exists(fileCount, :zero)',
      ExpressionAttributeValues:
        capBytes === null ? undefined : { ':cap': capBytes, ':zero': 0 },
    }),
  );

  return getMember(dynamo, settings.tableName, memberId);
}

/** Runs `run` over `items`, eight at a time. */
async function mapInBatches<T, R>(
  items: readonly T[],
  run: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += 8) {
    results.push(
      ...(await Promise.all(items.slice(start, start + 8).map(run))),
    );
  }

  return results;
}
