import { createContext, use, type ReactNode } from 'react';

/** The signed-in family member. */
export type Member = {
  /** Cognito user id (`sub`); the member's objects live under `users/<sub>/`. */
  sub: string;
  email: string;
};

const MemberContext = createContext<Member | null>(null);

export function MemberProvider({
  member,
  children,
}: {
  member: Member;
  children: ReactNode;
}) {
  return <MemberContext value={member}>{children}</MemberContext>;
}

/** Returns the signed-in member of the nearest MemberProvider. */
export function useMember(): Member {
  const member = use(MemberContext);
  if (!member) {
    throw new Error('useMember must be called inside MemberProvider.');
  }

  return member;
}
