import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Account, apiPaths, listOf, type CreateAccount } from '../../../../core/api/index.ts'
import { api } from '../../../lib/api-client.ts'

export const accountKeys = {
  all: ['accounts'] as const,
  list: () => [...accountKeys.all, 'list'] as const,
}

const AccountList = listOf(Account)

/** Every account (admins only: others get 403). */
export async function fetchAccounts(signal?: AbortSignal): Promise<Account[]> {
  return (await api.get(apiPaths.accounts(), { schema: AccountList, signal })).items
}

export function createAccount(input: CreateAccount): Promise<Account> {
  return api.post(apiPaths.accounts(), input, { schema: Account })
}

export function useAccounts(options: { enabled?: boolean } = {}) {
  return useQuery({ queryKey: accountKeys.list(), queryFn: ({ signal }) => fetchAccounts(signal), enabled: options.enabled ?? true })
}

export function useCreateAccount() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: createAccount,
    onSuccess: (account) => {
      queryClient.setQueryData<Account[]>(accountKeys.list(), (old) =>
        old && !old.some((a) => a.id === account.id) ? [...old, account].sort((a, b) => a.username.localeCompare(b.username)) : old,
      )
      void queryClient.invalidateQueries({ queryKey: accountKeys.all })
    },
  })
}
