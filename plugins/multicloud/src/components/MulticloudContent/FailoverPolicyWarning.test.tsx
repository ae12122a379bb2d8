import { screen } from '@testing-library/react';
import { mockMulticloudApi, renderWithEntity } from '../__testUtils__/fixtures';
import { FailoverPolicyWarning } from './FailoverPolicyWarning';

describe('FailoverPolicyWarning', () => {
  it('warns when the policy lets the viewer fail over every service', async () => {
    await renderWithEntity(<FailoverPolicyWarning />, {
      api: mockMulticloudApi({
        getFailoverAccess: jest.fn(async () => ({ result: 'ALLOW' })),
      }),
    });
    expect(
      await screen.findByText(
        'Failover is not limited to the owners of a service',
      ),
    ).toBeInTheDocument();
  });

  it.each(['CONDITIONAL', 'DENY'])(
    'says nothing when the policy answers %s',
    async result => {
      const api = mockMulticloudApi({
        getFailoverAccess: jest.fn(async () => ({ result })),
      });
      await renderWithEntity(<FailoverPolicyWarning />, { api });
      await new Promise(r => setTimeout(r, 0));
      expect(api.getFailoverAccess).toHaveBeenCalled();
      expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    },
  );
});
